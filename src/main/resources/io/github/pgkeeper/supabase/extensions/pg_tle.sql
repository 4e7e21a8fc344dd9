-- pgkeeper stand-in for pg_tle (https://github.com/aws/pg_tle), through which database.dev
-- installs packages: pgtle.install_extension and friends record what they are given, but the
-- recorded extensions cannot be created (the server only creates extensions from its own files):
-- CREATE EXTENSION of one fails with a message that says so, as does an install without SQL
-- (database.dev's SQL comes from the network through http, whose stand-in never sends).
CREATE TABLE pgtle.extensions (
  name text NOT NULL,
  version text NOT NULL,
  description text,
  ext text NOT NULL,
  requires text[],
  PRIMARY KEY (name, version)
);
CREATE TABLE pgtle.default_versions (name text PRIMARY KEY, version text NOT NULL);

CREATE FUNCTION pgtle.install_extension(
  name text, version text, description text, ext text, requires text[] DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  IF $2 IS NULL OR $4 IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
      MESSAGE = format('pgtle.install_extension(%L, ...) got no %s. On the embedded server of'
        ' db:start, pg_tle is a pgkeeper stand-in: such SQL usually comes from database.dev through'
        ' the http extension, whose stand-in never sends a request, and extensions installed'
        ' through pg_tle cannot be created there anyway. Run these migrations against a real'
        ' server (such as the Supabase CLI''s local database from supabase start) by setting'
        ' db.url instead of using db:start.', $1,
        CASE WHEN $4 IS NULL THEN 'SQL for the extension (NULL)' ELSE 'version (NULL)' END);
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_available_extensions a WHERE a.name = $1)
     OR EXISTS (SELECT FROM pgtle.extensions e WHERE e.name = $1) THEN
    RAISE EXCEPTION USING ERRCODE = 'duplicate_object',
      MESSAGE = format('extension "%s" already installed', $1);
  END IF;
  INSERT INTO pgtle.extensions VALUES ($1, $2, $3, $4, $5);
  INSERT INTO pgtle.default_versions VALUES ($1, $2);
  RETURN true;
END
$$;
CREATE FUNCTION pgtle.install_extension_version_sql(name text, version text, ext text)
RETURNS boolean
LANGUAGE sql
AS $$
  INSERT INTO pgtle.extensions (name, version, description, ext, requires)
  SELECT $1, $2, e.description, $3, e.requires FROM pgtle.extensions e WHERE e.name = $1 LIMIT 1
  RETURNING true
$$;
CREATE FUNCTION pgtle.install_update_path(name text, fromvers text, tovers text, ext text)
RETURNS boolean
LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION pgtle.set_default_version(name text, version text) RETURNS boolean
LANGUAGE sql
AS $$
  INSERT INTO pgtle.default_versions VALUES ($1, $2)
  ON CONFLICT (name) DO UPDATE SET version = excluded.version
  RETURNING true
$$;
CREATE FUNCTION pgtle.uninstall_extension(extname text) RETURNS boolean
LANGUAGE sql
AS $$
  DELETE FROM pgtle.default_versions WHERE name = extname;
  WITH gone AS (DELETE FROM pgtle.extensions WHERE name = extname RETURNING 1)
  SELECT count(*) > 0 FROM gone
$$;
CREATE FUNCTION pgtle.uninstall_extension(extname text, version text) RETURNS boolean
LANGUAGE sql
AS $$
  WITH gone AS (DELETE FROM pgtle.extensions e WHERE e.name = extname AND e.version = $2 RETURNING 1)
  SELECT count(*) > 0 FROM gone
$$;
CREATE FUNCTION pgtle.uninstall_extension_if_exists(extname text) RETURNS boolean
LANGUAGE sql AS $$ SELECT pgtle.uninstall_extension(extname) $$;
CREATE FUNCTION pgtle.available_extensions(OUT name name, OUT default_version text, OUT comment text)
RETURNS SETOF record
LANGUAGE sql
AS $$
  SELECT e.name::name, d.version, e.description
    FROM pgtle.extensions e JOIN pgtle.default_versions d ON d.name = e.name AND d.version = e.version
$$;
CREATE FUNCTION pgtle.available_extension_versions(
  OUT name name, OUT version text, OUT superuser boolean, OUT trusted boolean,
  OUT relocatable boolean, OUT schema name, OUT requires name[], OUT comment text)
RETURNS SETOF record
LANGUAGE sql
AS $$
  SELECT e.name::name, e.version, false, false, false, NULL::name, e.requires::name[], e.description
    FROM pgtle.extensions e
$$;
CREATE FUNCTION pgtle.extension_update_paths(name name, OUT source text, OUT target text, OUT path text)
RETURNS SETOF record
LANGUAGE sql AS $$ SELECT NULL::text, NULL::text, NULL::text WHERE false $$;

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pgtle_admin') THEN
    CREATE ROLE pgtle_admin NOLOGIN;
  END IF;
END
$roles$;
GRANT USAGE ON SCHEMA pgtle TO PUBLIC;

-- CREATE EXTENSION of an extension recorded above: the server would only say it is not available.
CREATE FUNCTION pgtle._refuse_recorded_extension() RETURNS event_trigger
LANGUAGE plpgsql
AS $$
DECLARE
  wanted text;
  found text[] := regexp_match(current_query(),
    '\mcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([a-z0-9_$-]+))', 'i');
BEGIN
  wanted := coalesce(found[1], lower(found[2]));
  IF wanted IS NOT NULL AND EXISTS (SELECT FROM pgtle.extensions e WHERE e.name = wanted)
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_available_extensions a WHERE a.name = wanted) THEN
    RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
      MESSAGE = format('The extension "%s" was installed through pg_tle, which is a pgkeeper'
        ' stand-in on the embedded server of db:start: it records such extensions but cannot'
        ' create them. Run these migrations against a real server (such as the Supabase CLI''s'
        ' local database from supabase start) by setting db.url instead of using db:start.',
        wanted);
  END IF;
END
$$;
CREATE EVENT TRIGGER pgkeeper_pgtle_recorded_extensions ON ddl_command_start
  WHEN TAG IN ('CREATE EXTENSION')
  EXECUTE FUNCTION pgtle._refuse_recorded_extension();
