-- pgkeeper stand-in for pg_graphql (https://github.com/supabase/pg_graphql): graphql.resolve and
-- graphql.comment_directive exist with the real signatures, so migrations that grant on them or
-- call them succeed; resolve answers every query with a GraphQL error saying it is a stand-in.
-- The schema becomes part of the extension only when the extension creates it (PostgreSQL will not
-- adopt an existing one with IF NOT EXISTS).
DO $schema$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'graphql') THEN
    CREATE SCHEMA graphql;
  END IF;
END
$schema$;

CREATE FUNCTION graphql.resolve(
  query text,
  variables jsonb DEFAULT '{}'::jsonb,
  "operationName" text DEFAULT NULL,
  extensions jsonb DEFAULT NULL
) RETURNS jsonb
LANGUAGE sql
AS $$
  SELECT jsonb_build_object('data', NULL, 'errors', jsonb_build_array(jsonb_build_object(
    'message', 'pg_graphql is a pgkeeper stand-in on the embedded server: queries are not resolved')))
$$;

CREATE FUNCTION graphql.comment_directive(comment_ text) RETURNS jsonb
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE WHEN comment_ ~ '^\s*@graphql\(' THEN
    substring(comment_ FROM '@graphql\((.*)\)')::jsonb
  END
$$;

CREATE FUNCTION graphql.exception(message text) RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = message;
END
$$;

GRANT USAGE ON SCHEMA graphql TO PUBLIC;
GRANT EXECUTE ON FUNCTION graphql.resolve(text, jsonb, text, jsonb) TO PUBLIC;
