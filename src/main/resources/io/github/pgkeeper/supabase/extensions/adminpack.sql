-- pgkeeper stand-in for adminpack, which PostgreSQL 17 removed (Supabase offers it on 15): the
-- functions exist with the real signatures, but no file is ever written, renamed or removed.
CREATE FUNCTION @extschema@.pg_file_write(text, text, boolean) RETURNS bigint
LANGUAGE sql VOLATILE STRICT AS $$ SELECT octet_length($2)::bigint $$;
CREATE FUNCTION @extschema@.pg_file_sync(text) RETURNS void
LANGUAGE sql VOLATILE STRICT AS $$ SELECT $$;
CREATE FUNCTION @extschema@.pg_file_rename(text, text, text) RETURNS boolean
LANGUAGE sql VOLATILE AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.pg_file_rename(text, text) RETURNS boolean
LANGUAGE sql VOLATILE STRICT AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.pg_file_unlink(text) RETURNS boolean
LANGUAGE sql VOLATILE STRICT AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.pg_logdir_ls() RETURNS SETOF record
LANGUAGE sql VOLATILE AS $$ SELECT NULL::timestamp, NULL::text WHERE false $$;
REVOKE EXECUTE ON FUNCTION @extschema@.pg_file_write(text, text, boolean) FROM PUBLIC;
