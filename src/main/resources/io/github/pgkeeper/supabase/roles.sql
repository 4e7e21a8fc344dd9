-- The Supabase flavour, 1/6: the roles of a Supabase project. Roles belong to the whole server, so
-- each is created only where missing (a second database on the same server reuses them).
-- As on Supabase: the API roles cannot log in and do not inherit; PostgREST logs in as
-- authenticator and switches to one of them; service_role bypasses row level security.
DO $$
DECLARE
  wanted text[][] := ARRAY[
    ARRAY['anon',                       'NOLOGIN NOINHERIT'],
    ARRAY['authenticated',              'NOLOGIN NOINHERIT'],
    ARRAY['service_role',               'NOLOGIN NOINHERIT BYPASSRLS'],
    ARRAY['authenticator',              'LOGIN NOINHERIT'],
    ARRAY['supabase_admin',             'LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS'],
    ARRAY['supabase_auth_admin',        'LOGIN NOINHERIT CREATEROLE NOREPLICATION'],
    ARRAY['supabase_storage_admin',     'LOGIN NOINHERIT CREATEROLE NOREPLICATION'],
    ARRAY['supabase_functions_admin',   'LOGIN NOINHERIT CREATEROLE NOREPLICATION'],
    ARRAY['supabase_realtime_admin',    'NOLOGIN NOINHERIT NOREPLICATION'],
    ARRAY['supabase_replication_admin', 'LOGIN REPLICATION'],
    ARRAY['supabase_read_only_user',    'LOGIN BYPASSRLS'],
    ARRAY['dashboard_user',             'NOLOGIN CREATEDB CREATEROLE REPLICATION'],
    ARRAY['pgbouncer',                  'LOGIN']
  ];
  i int;
BEGIN
  FOR i IN 1 .. array_length(wanted, 1) LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = wanted[i][1]) THEN
      EXECUTE format('CREATE ROLE %I %s', wanted[i][1], wanted[i][2]);
    END IF;
  END LOOP;
END
$$;

GRANT anon, authenticated, service_role TO authenticator;

GRANT supabase_auth_admin, supabase_storage_admin, supabase_functions_admin, supabase_realtime_admin
  TO postgres;

-- The Storage API logs in as supabase_storage_admin and switches to the request's role.
GRANT authenticator TO supabase_storage_admin;

-- Supabase's postgres may switch to the API roles (SET ROLE authenticated), as RLS tests do.
GRANT anon, authenticated, service_role TO postgres;

GRANT pg_read_all_data TO supabase_read_only_user;
