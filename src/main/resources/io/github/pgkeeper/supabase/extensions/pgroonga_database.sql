-- pgkeeper stand-in for pgroonga_database: PGroonga's database management, with nothing to manage.
CREATE FUNCTION @extschema@.pgroonga_database_remove() RETURNS boolean
LANGUAGE sql AS $$ SELECT true $$;
