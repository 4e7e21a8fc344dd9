-- pgkeeper stand-in for Supabase Vault (https://github.com/supabase/vault): vault.secrets,
-- vault.create_secret, vault.update_secret and the vault.decrypted_secrets view, with the real
-- signatures. The secret is stored as given: nothing is encrypted in this throwaway database.
-- The schema becomes part of the extension only when the extension creates it (PostgreSQL will not
-- adopt an existing one with IF NOT EXISTS).
DO $schema$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'vault') THEN
    CREATE SCHEMA vault;
  END IF;
END
$schema$;

CREATE TABLE vault.secrets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text,
  description text NOT NULL DEFAULT '',
  secret text NOT NULL,
  key_id uuid,
  nonce bytea,
  created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX secrets_name_idx ON vault.secrets (name) WHERE name IS NOT NULL;

CREATE VIEW vault.decrypted_secrets AS
SELECT id, name, description, secret, secret AS decrypted_secret, key_id, nonce,
       created_at, updated_at
  FROM vault.secrets;

CREATE FUNCTION vault.create_secret(
  new_secret text, new_name text DEFAULT NULL, new_description text DEFAULT '',
  new_key_id uuid DEFAULT NULL
) RETURNS uuid
LANGUAGE sql
SECURITY DEFINER SET search_path = pg_catalog
AS $$
  INSERT INTO vault.secrets (secret, name, description, key_id)
  VALUES (new_secret, new_name, new_description, new_key_id)
  RETURNING id
$$;

CREATE FUNCTION vault.update_secret(
  secret_id uuid, new_secret text DEFAULT NULL, new_name text DEFAULT NULL,
  new_description text DEFAULT NULL, new_key_id uuid DEFAULT NULL
) RETURNS void
LANGUAGE sql
SECURITY DEFINER SET search_path = pg_catalog
AS $$
  UPDATE vault.secrets
     SET secret = coalesce(new_secret, secret),
         name = coalesce(new_name, name),
         description = coalesce(new_description, description),
         key_id = coalesce(new_key_id, key_id),
         updated_at = now()
   WHERE id = secret_id
$$;

-- As on Supabase: only postgres and service_role may read secrets or call these.
REVOKE ALL ON vault.secrets, vault.decrypted_secrets FROM PUBLIC;
REVOKE ALL ON FUNCTION vault.create_secret(text, text, text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION vault.update_secret(uuid, text, text, text, uuid) FROM PUBLIC;
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
    GRANT USAGE ON SCHEMA vault TO service_role;
    GRANT SELECT, DELETE ON vault.secrets, vault.decrypted_secrets TO service_role;
    GRANT EXECUTE ON FUNCTION vault.create_secret(text, text, text, uuid) TO service_role;
    GRANT EXECUTE ON FUNCTION vault.update_secret(uuid, text, text, text, uuid) TO service_role;
  END IF;
END
$$;
