alter table public.people add column email text;
