-- The Supabase flavour, 2/6: the platform's schemas, the extensions every project has, and the
-- search_path Supabase gives its databases.
CREATE SCHEMA auth AUTHORIZATION supabase_auth_admin;
CREATE SCHEMA storage AUTHORIZATION supabase_storage_admin;
CREATE SCHEMA extensions;
CREATE SCHEMA graphql;
CREATE SCHEMA graphql_public;
CREATE SCHEMA vault;
CREATE SCHEMA realtime;
GRANT ALL ON SCHEMA realtime TO supabase_realtime_admin;
CREATE SCHEMA supabase_functions AUTHORIZATION supabase_admin;
CREATE SCHEMA pgbouncer AUTHORIZATION pgbouncer;

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA extensions;
-- Like every Supabase project; the view needs shared_preload_libraries to answer, creating it not.
CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA extensions;
-- Supabase Vault is installed in every project (a pgkeeper stand-in here).
CREATE EXTENSION IF NOT EXISTS supabase_vault WITH SCHEMA vault;

-- For every new session in this database, as Supabase sets it: gen_random_uuid(),
-- uuid_generate_v4() and the rest of pgcrypto and uuid-ossp resolve without a schema.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET search_path TO "$user", public, extensions',
                 current_database());
END
$$;
SET search_path TO "$user", public, extensions;
