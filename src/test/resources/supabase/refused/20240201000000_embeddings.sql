-- pgvector: native code, which no stand-in can provide.
create table public.documents (id bigint primary key);
create extension if not exists vector with schema extensions;
alter table public.documents add column embedding extensions.vector(1536);
