-- pgkeeper stand-in for pg_repack (https://github.com/reorg/pg_repack): the schema repack that the
-- pg_repack client works through, with its version functions. Nothing is ever repacked.
DO $schema$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'repack') THEN
    CREATE SCHEMA repack;
  END IF;
END
$schema$;
CREATE FUNCTION repack.version() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'pg_repack 1.5.0 (pgkeeper stand-in)' $$;
CREATE FUNCTION repack.version_sql() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT 'pg_repack 1.5.0 (pgkeeper stand-in)' $$;
CREATE TABLE repack.tables (relname text, relid oid, reltoastrelid oid);
