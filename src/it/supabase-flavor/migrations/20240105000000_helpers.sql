-- A helper that policies and the API use, and the admin check reading app_metadata.
create or replace function public.is_admin()
returns boolean
language sql
stable
as $$
  select coalesce((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin', false)
$$;

grant execute on function public.is_admin() to anon, authenticated;

create view public.my_notes with (security_invoker = true) as
  select id, body, created_at from public.notes where user_id = auth.uid();
