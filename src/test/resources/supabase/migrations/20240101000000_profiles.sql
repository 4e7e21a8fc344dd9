-- A profile per user, created by a trigger on auth.users (Supabase's user-management template).
create extension if not exists "uuid-ossp" with schema extensions;

create table public.profiles (
  id uuid not null references auth.users (id) on delete cascade,
  username text unique,
  avatar_url text,
  updated_at timestamptz default now(),
  primary key (id)
);

alter table public.profiles enable row level security;

create policy "Public profiles are viewable by everyone." on public.profiles
  for select using (true);
create policy "Users can insert their own profile." on public.profiles
  for insert with check ((select auth.uid()) = id);
create policy "Users can update own profile." on public.profiles
  for update using ((select auth.uid()) = id);

create function public.handle_new_user()
returns trigger
language plpgsql
security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, username)
  values (new.id, new.raw_user_meta_data ->> 'username');
  return new;
end;
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute procedure public.handle_new_user();
