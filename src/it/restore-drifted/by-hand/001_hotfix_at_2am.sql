-- Applied with a history table of its own in schema "hand", which is not backed up: to the backed-up
-- schema and its history, these changes are drift, made by hand.
CREATE TABLE public.handmade (id int PRIMARY KEY, note text NOT NULL);
INSERT INTO public.handmade VALUES (1, 'hotfix at 2 a.m.'), (2, 'from the dashboard'), (3, 'by hand');
ALTER TABLE public.customers ADD COLUMN nickname text;
UPDATE public.customers SET nickname = 'vip ' || id WHERE id <= 10;
CREATE INDEX orders_by_amount ON public.orders (amount DESC);
CREATE VIEW public.big_orders AS SELECT id, amount FROM public.orders WHERE amount > 40;
COMMENT ON TABLE public.handmade IS 'in no migration';
