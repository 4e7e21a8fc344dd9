-- Two users, as Supabase Auth would have created them, and their todos.
insert into auth.users (id, aud, role, email, raw_app_meta_data, raw_user_meta_data, created_at)
values
  ('11111111-1111-4111-8111-111111111111', 'authenticated', 'authenticated', 'ada@example.org',
   '{"provider": "email"}', '{}', now()),
  ('22222222-2222-4222-8222-222222222222', 'authenticated', 'authenticated', 'bob@example.org',
   '{"provider": "email"}', '{}', now());

insert into public.todos (user_id, task) values
  ('11111111-1111-4111-8111-111111111111', 'write the report'),
  ('11111111-1111-4111-8111-111111111111', 'review the plan'),
  ('22222222-2222-4222-8222-222222222222', 'book the trip');
