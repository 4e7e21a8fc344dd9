-- The Supabase flavour: the rest of the platform that migrations touch: the realtime publication,
-- GraphQL's public entry point, database webhooks (supabase_functions) and pgbouncer's lookup.

-- Supabase Realtime streams the tables of this publication; projects add theirs with
-- ALTER PUBLICATION supabase_realtime ADD TABLE ...
CREATE PUBLICATION supabase_realtime;

-- What Supabase answers while pg_graphql is not enabled.
CREATE FUNCTION graphql_public.graphql(
  "operationName" text DEFAULT NULL,
  query text DEFAULT NULL,
  variables jsonb DEFAULT NULL,
  extensions jsonb DEFAULT NULL
) RETURNS jsonb
LANGUAGE sql
AS $$
  SELECT jsonb_build_object('errors', jsonb_build_array(
    jsonb_build_object('message', 'pg_graphql extension is not enabled.')))
$$;

-- Database webhooks, as Supabase sets them up (supabase/supabase docker/volumes/db/webhooks.sql):
-- a webhook is a trigger that calls supabase_functions.http_request(url, method, headers, params,
-- timeout_ms), which sends the row through pg_net and records the call in hooks. Here the request
-- goes to the pg_net stand-in's queue when pg_net is created, and nowhere otherwise; the call is
-- recorded either way.
CREATE TABLE supabase_functions.migrations (
  version text PRIMARY KEY,
  inserted_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO supabase_functions.migrations (version) VALUES ('initial'), ('20210809183423_update_grants');

CREATE TABLE supabase_functions.hooks (
  id bigserial PRIMARY KEY,
  hook_table_id integer NOT NULL,
  hook_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  request_id bigint
);
COMMENT ON TABLE supabase_functions.hooks IS 'Supabase Functions Hooks: Audit trail for triggered hooks.';
CREATE INDEX supabase_functions_hooks_request_id_idx ON supabase_functions.hooks USING btree (request_id);
CREATE INDEX supabase_functions_hooks_h_table_id_h_name_idx
  ON supabase_functions.hooks USING btree (hook_table_id, hook_name);

CREATE FUNCTION supabase_functions.http_request() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path TO 'supabase_functions'
AS $$
DECLARE
  request_id bigint;
  url text := TG_ARGV[0]::text;
  method text := TG_ARGV[1]::text;
  headers jsonb := coalesce(nullif(TG_ARGV[2], 'null')::jsonb, '{"Content-Type": "application/json"}');
  params jsonb := coalesce(nullif(TG_ARGV[3], 'null')::jsonb, '{}');
  timeout_ms integer := coalesce(nullif(TG_ARGV[4], 'null')::integer, 1000);
  pg_net boolean := EXISTS (SELECT FROM pg_extension WHERE extname = 'pg_net');
BEGIN
  IF url IS NULL OR url = 'null' THEN
    RAISE EXCEPTION 'url argument is missing';
  END IF;
  IF method IS NULL OR method = 'null' THEN
    RAISE EXCEPTION 'method argument is missing';
  END IF;
  IF method = 'GET' THEN
    IF pg_net THEN
      EXECUTE 'SELECT net.http_get($1, $2, $3, $4)' INTO request_id USING url, params, headers, timeout_ms;
    END IF;
  ELSIF method = 'POST' THEN
    IF pg_net THEN
      EXECUTE 'SELECT net.http_post($1, $2, $3, $4, $5)' INTO request_id
        USING url,
              jsonb_build_object('old_record', OLD, 'record', NEW, 'type', TG_OP,
                                 'table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA),
              params, headers, timeout_ms;
    END IF;
  ELSE
    RAISE EXCEPTION 'method argument % is invalid', method;
  END IF;
  INSERT INTO supabase_functions.hooks (hook_table_id, hook_name, request_id)
  VALUES (TG_RELID, TG_NAME, request_id);
  RETURN NEW;
END
$$;

ALTER TABLE supabase_functions.migrations OWNER TO supabase_functions_admin;
ALTER TABLE supabase_functions.hooks OWNER TO supabase_functions_admin;
ALTER FUNCTION supabase_functions.http_request() OWNER TO supabase_functions_admin;

-- Supavisor/PgBouncer look passwords up through this function.
CREATE FUNCTION pgbouncer.get_auth(p_usename text) RETURNS TABLE (username text, password text)
LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
  RETURN QUERY SELECT usename::text, passwd::text FROM pg_catalog.pg_shadow WHERE usename = p_usename;
END
$$;
REVOKE ALL ON FUNCTION pgbouncer.get_auth(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pgbouncer.get_auth(text) TO pgbouncer;

-- The functions every project has in the extensions schema (supabase/postgres migrations/db): on
-- Supabase, event triggers call them to grant the API roles access to pg_cron, pg_net and
-- pg_graphql as those are created, and to tell PostgREST to reload its schema cache. They exist
-- here so that dumps granting on them or changing their owner apply; the event triggers
-- themselves are not installed (there is no PostgREST to notify, and the stand-in extensions grant
-- their own access).
CREATE FUNCTION extensions.grant_pg_cron_access() RETURNS event_trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands() ev JOIN pg_extension e ON ev.objid = e.oid
              WHERE e.extname = 'pg_cron') THEN
    GRANT USAGE ON SCHEMA cron TO postgres WITH GRANT OPTION;
    GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA cron TO postgres WITH GRANT OPTION;
    ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON TABLES TO postgres WITH GRANT OPTION;
    ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON FUNCTIONS TO postgres WITH GRANT OPTION;
    ALTER DEFAULT PRIVILEGES IN SCHEMA cron GRANT ALL ON SEQUENCES TO postgres WITH GRANT OPTION;
  END IF;
END
$$;
COMMENT ON FUNCTION extensions.grant_pg_cron_access() IS 'Grants access to pg_cron';

CREATE FUNCTION extensions.grant_pg_net_access() RETURNS event_trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands() ev JOIN pg_extension e ON ev.objid = e.oid
              WHERE e.extname = 'pg_net') THEN
    GRANT USAGE ON SCHEMA net TO supabase_functions_admin, postgres, anon, authenticated, service_role;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA net
      TO supabase_functions_admin, postgres, anon, authenticated, service_role;
  END IF;
END
$$;
COMMENT ON FUNCTION extensions.grant_pg_net_access() IS 'Grants access to pg_net';

CREATE FUNCTION extensions.grant_pg_graphql_access() RETURNS event_trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF EXISTS (SELECT FROM pg_event_trigger_ddl_commands() ev JOIN pg_proc p ON ev.objid = p.oid
              WHERE p.proname = 'resolve') THEN
    GRANT USAGE ON SCHEMA graphql TO postgres, anon, authenticated, service_role;
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphql TO postgres, anon, authenticated, service_role;
  END IF;
END
$$;
COMMENT ON FUNCTION extensions.grant_pg_graphql_access() IS 'Grants access to pg_graphql';

CREATE FUNCTION extensions.set_graphql_placeholder() RETURNS event_trigger
LANGUAGE plpgsql
AS $$
BEGIN
  -- On Supabase: puts graphql_public.graphql back when pg_graphql is dropped.
  NULL;
END
$$;
COMMENT ON FUNCTION extensions.set_graphql_placeholder()
  IS 'Reintroduces placeholder function for graphql_public.graphql';

CREATE FUNCTION extensions.pgrst_ddl_watch() RETURNS event_trigger
LANGUAGE plpgsql
AS $$ BEGIN NOTIFY pgrst, 'reload schema'; END $$;

CREATE FUNCTION extensions.pgrst_drop_watch() RETURNS event_trigger
LANGUAGE plpgsql
AS $$ BEGIN NOTIFY pgrst, 'reload schema'; END $$;
