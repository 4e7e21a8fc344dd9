create table public.people (
  id bigint primary key,
  owner uuid references auth.users (id),
  name text not null
);
alter table public.people enable row level security;
create policy "owners read" on public.people for select using (auth.uid() = owner);
