-- Applied everywhere; fails when run twice. Its dash-separated name is one the Supabase CLI skips.
ALTER TABLE customers ADD COLUMN email text;
