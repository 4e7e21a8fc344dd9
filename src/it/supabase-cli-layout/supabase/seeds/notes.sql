insert into public.notes (id, person, body) values (1, 1, 'seeded');
