create table public.notes (
  id bigint primary key,
  person bigint not null references public.people (id),
  body text not null
);
