insert into public.people (id, name, email) values
  (1, 'Ada', 'ada@example.com'),
  (2, 'Bo', null);
