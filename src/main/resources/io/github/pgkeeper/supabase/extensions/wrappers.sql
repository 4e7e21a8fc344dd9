-- pgkeeper stand-in for Supabase Wrappers (https://github.com/supabase/wrappers): the handler,
-- validator and meta functions of every wrapper, so that CREATE FOREIGN DATA WRAPPER, CREATE SERVER
-- and CREATE FOREIGN TABLE succeed (options are accepted as given). A handler must be native code:
-- the stand-in borrows file_fdw's, so reading such a foreign table fails with file_fdw's message
-- ("either filename or program is required"): nothing is ever fetched from the remote service.
CREATE TABLE @extschema@.wrappers_fdw_stats (
  fdw_name text PRIMARY KEY,
  create_times bigint,
  rows_in bigint,
  rows_out bigint,
  bytes_in bigint,
  bytes_out bigint,
  metadata jsonb,
  created_at timestamptz NOT NULL DEFAULT timezone('utc', now()),
  updated_at timestamptz NOT NULL DEFAULT timezone('utc', now())
);

DO $wrappers$
DECLARE
  wrapper text;
BEGIN
  FOREACH wrapper IN ARRAY ARRAY[
      'airtable', 'auth0', 'big_query', 'click_house', 'cognito', 'duckdb', 'firebase', 'helloworld',
      'iceberg', 'logflare', 'mssql', 'redis', 's3', 'stripe', 'wasm'] LOOP
    EXECUTE format(
      'CREATE FUNCTION @extschema@.%1$I() RETURNS fdw_handler'
      ' LANGUAGE c STRICT AS ''$libdir/file_fdw'', ''file_fdw_handler''', wrapper || '_fdw_handler');
    EXECUTE format(
      'CREATE FUNCTION @extschema@.%1$I(options text[], catalog oid) RETURNS void'
      ' LANGUAGE plpgsql AS $f$ BEGIN END $f$', wrapper || '_fdw_validator');
    EXECUTE format(
      'CREATE FUNCTION @extschema@.%1$I() RETURNS TABLE (name text, version text, author text, website text)'
      ' LANGUAGE sql AS $f$ SELECT %2$L::text, ''0.0.0''::text, ''pgkeeper stand-in''::text, NULL::text $f$',
      wrapper || '_fdw_meta', wrapper);
  END LOOP;
END
$wrappers$;
