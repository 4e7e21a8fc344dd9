-- The Supabase flavour, 6/6: the privileges Supabase grants. The API roles may use the schemas;
-- what they may read and write is decided by grants on each table and, above all, by row level
-- security policies. Tables, functions and sequences that postgres creates in public (that is, the
-- project's migrations) are granted to the API roles by default, as on Supabase.

GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA graphql_public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA graphql TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA realtime TO postgres, anon, authenticated, service_role;

ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
  GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA public
  GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;

ALTER DEFAULT PRIVILEGES IN SCHEMA graphql_public
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA graphql_public
  GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA graphql_public
  GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION graphql_public.graphql(text, text, jsonb, jsonb)
  TO anon, authenticated, service_role;

-- auth: the API roles may call the JWT functions (policies run them as the querying role); the
-- tables belong to supabase_auth_admin and are open to postgres and the dashboard only.
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role, dashboard_user, postgres;
GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.email(), auth.jwt()
  TO PUBLIC, anon, authenticated, service_role;
GRANT ALL ON ALL TABLES IN SCHEMA auth TO postgres, dashboard_user;
GRANT ALL ON ALL SEQUENCES IN SCHEMA auth TO postgres, dashboard_user;

-- storage: open to the API roles, with row level security deciding per row.
GRANT USAGE ON SCHEMA storage TO postgres, anon, authenticated, service_role, dashboard_user;
GRANT ALL ON storage.buckets, storage.objects
  TO postgres, anon, authenticated, service_role, dashboard_user;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA storage TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_storage_admin IN SCHEMA storage
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;

GRANT SELECT, INSERT, UPDATE ON realtime.messages TO postgres, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION realtime.send(jsonb, text, text, boolean), realtime.topic()
  TO postgres, anon, authenticated, service_role;

-- A statement that outlives these is cut short on Supabase too.
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';
