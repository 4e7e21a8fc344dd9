-- What people did to the live database by hand, outside the migrations. Each statement can run
-- again, as the third invocation runs it after the adopted migration.
CREATE TABLE IF NOT EXISTS public.handmade (id int PRIMARY KEY, label text);
INSERT INTO public.handmade VALUES (1, 'kept') ON CONFLICT DO NOTHING;
ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS shipped boolean;
ALTER TABLE public.orders DROP COLUMN IF EXISTS note;
ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2);
CREATE INDEX IF NOT EXISTS orders_shipped ON public.orders (shipped);
DROP INDEX IF EXISTS public.orders_total;
