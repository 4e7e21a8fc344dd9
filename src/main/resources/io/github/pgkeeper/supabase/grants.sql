-- The Supabase flavour, last script: the privileges Supabase grants, as `supabase db dump` shows them
-- on a current project (supabase/postgres migrations/db, and the grants of the Auth, Storage and
-- Realtime migrations). The API roles may use the schemas; what they may read and write is decided
-- by grants on each table and, above all, by row level security policies. Tables, functions and
-- sequences that postgres creates in public (that is, the project's migrations) are granted to the
-- API roles by default, as on Supabase.

GRANT USAGE ON SCHEMA public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA extensions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA extensions TO dashboard_user;
GRANT USAGE ON SCHEMA graphql_public TO postgres, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA graphql TO postgres, anon, authenticated, service_role;

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
GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT ALL ON SCHEMA auth TO supabase_auth_admin, dashboard_user, postgres;
GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.email(), auth.jwt()
  TO PUBLIC, anon, authenticated, service_role;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA auth TO postgres, dashboard_user;
GRANT ALL ON ALL TABLES IN SCHEMA auth TO postgres, dashboard_user;
GRANT SELECT ON ALL TABLES IN SCHEMA auth TO postgres WITH GRANT OPTION;
GRANT ALL ON ALL SEQUENCES IN SCHEMA auth TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_auth_admin IN SCHEMA auth
  GRANT ALL ON TABLES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_auth_admin IN SCHEMA auth
  GRANT ALL ON SEQUENCES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_auth_admin IN SCHEMA auth
  GRANT ALL ON FUNCTIONS TO postgres, dashboard_user;

-- storage: buckets and objects open to the API roles, with row level security deciding per row;
-- the multipart, analytics (Iceberg) and vector tables as Supabase Storage grants them.
GRANT USAGE ON SCHEMA storage TO postgres WITH GRANT OPTION;
GRANT USAGE ON SCHEMA storage TO anon, authenticated, service_role;
GRANT ALL ON SCHEMA storage TO supabase_storage_admin WITH GRANT OPTION;
GRANT ALL ON SCHEMA storage TO dashboard_user;
GRANT ALL ON storage.buckets, storage.objects TO postgres, supabase_storage_admin WITH GRANT OPTION;
GRANT ALL ON storage.buckets, storage.objects, storage.migrations, storage.buckets_analytics
  TO anon, authenticated, service_role;
GRANT ALL ON storage.migrations TO postgres;
GRANT ALL ON storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts,
             storage.iceberg_namespaces, storage.iceberg_tables
  TO postgres, service_role;
GRANT SELECT ON storage.s3_multipart_uploads, storage.s3_multipart_uploads_parts,
                storage.iceberg_namespaces, storage.iceberg_tables
  TO anon, authenticated;
GRANT SELECT ON storage.buckets_vectors, storage.vector_indexes TO anon, authenticated, service_role;
GRANT ALL ON storage.prefixes TO postgres, anon, authenticated, service_role;
GRANT ALL ON storage.buckets_vectors, storage.vector_indexes TO postgres;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA storage
  TO postgres, anon, authenticated, service_role, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA storage
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA storage
  GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA storage
  GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_storage_admin IN SCHEMA storage
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;

-- realtime: the API roles read subscriptions and send and receive messages (policies on
-- realtime.messages decide which); Realtime's own bookkeeping is closed to everyone.
GRANT USAGE ON SCHEMA realtime TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin;
GRANT ALL ON ALL TABLES IN SCHEMA realtime TO postgres, dashboard_user, supabase_realtime_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA realtime TO postgres, dashboard_user, supabase_realtime_admin;
GRANT SELECT, INSERT, UPDATE ON realtime.messages TO anon, authenticated, service_role;
GRANT SELECT ON realtime.subscription TO anon, authenticated, service_role;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA realtime TO anon, authenticated, service_role;
REVOKE ALL ON realtime.schema_migrations
  FROM postgres, dashboard_user, anon, authenticated, service_role, supabase_realtime_admin;
GRANT ALL ON ALL FUNCTIONS IN SCHEMA realtime TO postgres, dashboard_user;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA realtime TO anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA realtime
  GRANT ALL ON TABLES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA realtime
  GRANT ALL ON SEQUENCES TO postgres, dashboard_user;
ALTER DEFAULT PRIVILEGES FOR ROLE supabase_admin IN SCHEMA realtime
  GRANT ALL ON FUNCTIONS TO postgres, dashboard_user;

-- supabase_functions (database webhooks): triggers fired by any API role write the hooks table.
GRANT USAGE ON SCHEMA supabase_functions TO postgres, anon, authenticated, service_role;
GRANT ALL ON SCHEMA supabase_functions TO supabase_functions_admin;
GRANT ALL ON ALL TABLES IN SCHEMA supabase_functions
  TO postgres, anon, authenticated, service_role, supabase_functions_admin;
GRANT ALL ON ALL SEQUENCES IN SCHEMA supabase_functions
  TO postgres, anon, authenticated, service_role, supabase_functions_admin;
REVOKE ALL ON FUNCTION supabase_functions.http_request() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION supabase_functions.http_request()
  TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA supabase_functions
  GRANT ALL ON TABLES TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA supabase_functions
  GRANT ALL ON FUNCTIONS TO postgres, anon, authenticated, service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA supabase_functions
  GRANT ALL ON SEQUENCES TO postgres, anon, authenticated, service_role;

-- A statement that outlives these is cut short on Supabase too.
ALTER ROLE anon SET statement_timeout = '3s';
ALTER ROLE authenticated SET statement_timeout = '8s';
