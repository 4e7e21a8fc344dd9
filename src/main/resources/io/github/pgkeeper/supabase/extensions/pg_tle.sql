-- pgkeeper stand-in for pg_tle (https://github.com/aws/pg_tle), through which database.dev
-- installs packages: pgtle.install_extension and friends record what they are given, but the
-- recorded extensions cannot be created (the server only creates extensions from its own files).
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
