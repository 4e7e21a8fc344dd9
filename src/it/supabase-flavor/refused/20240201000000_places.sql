-- PostGIS: geography(Point, 4326) columns and native geometry code, which no stand-in can provide.
create table public.places (id bigint primary key);
create extension if not exists postgis with schema extensions;
alter table public.places add column location extensions.geography(Point, 4326);
