CREATE TABLE public.orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  total numeric(10,2) NOT NULL,
  note text
);
CREATE INDEX orders_total ON public.orders (total);
