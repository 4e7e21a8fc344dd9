-- pgkeeper stand-in for pgsodium (https://github.com/michelp/pgsodium): the key table, its views,
-- the key roles and the commonly used functions with the real signatures. Keys are random bytes
-- (from the built-in gen_random_uuid, so pgcrypto is not needed), the hashes are plain SHA-2 of
-- key and message (not libsodium's), and NOTHING IS ENCRYPTED: the "encrypt" functions return the message, the "decrypt" ones the
-- ciphertext, so a round trip gives the data back in this throwaway database.
DO $roles$
DECLARE
  role text;
BEGIN
  FOREACH role IN ARRAY ARRAY['pgsodium_keyiduser', 'pgsodium_keyholder', 'pgsodium_keymaker'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', role);
    END IF;
  END LOOP;
END
$roles$;

CREATE TYPE pgsodium.key_status AS ENUM ('default', 'valid', 'invalid', 'expired');
CREATE TYPE pgsodium.key_type AS ENUM (
  'aead-ietf', 'aead-det', 'hmacsha512', 'hmacsha256', 'auth', 'shorthash', 'generichash',
  'kdf', 'secretbox', 'secretstream', 'stream_xchacha20');

CREATE TABLE pgsodium.key (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status pgsodium.key_status DEFAULT 'valid',
  created timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires timestamptz,
  key_type pgsodium.key_type,
  key_id bigint,
  key_context bytea DEFAULT '\x7067736f6469756d',
  name text UNIQUE,
  associated_data text DEFAULT 'associated',
  raw_key bytea,
  raw_key_nonce bytea,
  parent_key uuid REFERENCES pgsodium.key (id),
  comment text,
  user_data text
);
CREATE SEQUENCE pgsodium.key_key_id_seq START 1;
ALTER TABLE pgsodium.key ALTER COLUMN key_id SET DEFAULT nextval('pgsodium.key_key_id_seq');

CREATE VIEW pgsodium.valid_key AS
  SELECT id, name, status, key_type, key_id, key_context, created, expires, associated_data
    FROM pgsodium.key
   WHERE status IN ('valid', 'default') AND (expires IS NULL OR expires > now());
CREATE VIEW pgsodium.decrypted_key AS
  SELECT id, status, created, expires, key_type, key_id, key_context, name, associated_data,
         raw_key, raw_key AS decrypted_raw_key, raw_key_nonce, parent_key, comment
    FROM pgsodium.key;
CREATE VIEW pgsodium.masking_rule AS
  SELECT NULL::oid AS attrelid, NULL::integer AS attnum, NULL::oid AS relnamespace,
         NULL::name AS relname, NULL::name AS attname, NULL::text AS format_type,
         NULL::text AS col_description, NULL::text AS key_id_column, NULL::text AS key_id,
         NULL::text AS associated_columns, NULL::text AS nonce_column, NULL::text AS view_name,
         NULL::integer AS priority, NULL::text AS security_invoker
   WHERE false;
CREATE VIEW pgsodium.mask_columns AS
  SELECT NULL::name AS attname, NULL::oid AS attrelid, NULL::text AS key_id,
         NULL::text AS key_id_column, NULL::text AS associated_columns, NULL::text AS nonce_column,
         NULL::text AS format_type
   WHERE false;

CREATE FUNCTION pgsodium.randombytes_buf(size integer) RETURNS bytea
LANGUAGE sql VOLATILE STRICT
AS $$
  SELECT substring(string_agg(uuid_send(gen_random_uuid()), ''::bytea) FROM 1 FOR size)
    FROM generate_series(1, (size + 15) / 16)
$$;
CREATE FUNCTION pgsodium.randombytes_random() RETURNS integer
LANGUAGE sql VOLATILE AS $$ SELECT (random() * 2147483647)::integer $$;
CREATE FUNCTION pgsodium.randombytes_uniform(upper_bound integer) RETURNS integer
LANGUAGE sql VOLATILE STRICT AS $$ SELECT floor(random() * upper_bound)::integer $$;

CREATE FUNCTION pgsodium.create_key(
  key_type pgsodium.key_type DEFAULT 'aead-det', name text DEFAULT NULL, raw_key bytea DEFAULT NULL,
  raw_key_nonce bytea DEFAULT NULL, parent_key uuid DEFAULT NULL,
  key_context bytea DEFAULT '\x7067736f6469756d', expires timestamptz DEFAULT NULL,
  associated_data text DEFAULT '')
RETURNS pgsodium.valid_key
LANGUAGE sql
AS $$
  WITH created AS (
    INSERT INTO pgsodium.key (key_type, name, raw_key, raw_key_nonce, parent_key, key_context,
                              expires, associated_data)
    VALUES ($1, $2, coalesce($3, pgsodium.randombytes_buf(32)), $4, $5, $6, $7, $8)
    RETURNING *)
  SELECT id, name, status, key_type, key_id, key_context, created, expires, associated_data
    FROM created
$$;

-- Deterministic and IETF AEAD, by key id, by uuid or by raw key: the message, unchanged.
DO $functions$
DECLARE
  family text;
  key_args text;
BEGIN
  FOREACH family IN ARRAY ARRAY['crypto_aead_det', 'crypto_aead_ietf'] LOOP
    FOREACH key_args IN ARRAY ARRAY['key_uuid uuid', 'key bytea', 'key_id bigint, context bytea DEFAULT ''pgsodium''']
    LOOP
      EXECUTE format(
        'CREATE FUNCTION pgsodium.%1$s_encrypt(message bytea, additional bytea, %2$s%3$s)'
        ' RETURNS bytea LANGUAGE sql IMMUTABLE AS $f$ SELECT message $f$',
        family, key_args,
        CASE WHEN family = 'crypto_aead_det' THEN ', nonce bytea DEFAULT NULL' ELSE '' END);
      EXECUTE format(
        'CREATE FUNCTION pgsodium.%1$s_decrypt(message bytea, additional bytea, %2$s%3$s)'
        ' RETURNS bytea LANGUAGE sql IMMUTABLE AS $f$ SELECT message $f$',
        family, key_args,
        CASE WHEN family = 'crypto_aead_det' THEN ', nonce bytea DEFAULT NULL' ELSE '' END);
    END LOOP;
  END LOOP;
END
$functions$;
CREATE FUNCTION pgsodium.crypto_aead_det_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$ SELECT pgsodium.randombytes_buf(16) $$;
CREATE FUNCTION pgsodium.crypto_aead_det_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$ SELECT pgsodium.randombytes_buf(12) $$;
CREATE FUNCTION pgsodium.crypto_aead_ietf_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_secretbox_keygen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$ SELECT pgsodium.randombytes_buf(32) $$;
CREATE FUNCTION pgsodium.crypto_secretbox_noncegen() RETURNS bytea
LANGUAGE sql VOLATILE AS $$ SELECT pgsodium.randombytes_buf(24) $$;
CREATE FUNCTION pgsodium.crypto_secretbox(message bytea, nonce bytea, key bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT message $$;
CREATE FUNCTION pgsodium.crypto_secretbox_open(ciphertext bytea, nonce bytea, key bytea)
RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT ciphertext $$;
CREATE FUNCTION pgsodium.crypto_generichash(message bytea, key bytea DEFAULT NULL) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT sha256(coalesce(key, '') || message) $$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha256(message bytea, secret bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT sha256(secret || message) $$;
CREATE FUNCTION pgsodium.crypto_auth_hmacsha512(message bytea, secret bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$ SELECT sha512(secret || message) $$;

GRANT USAGE ON SCHEMA pgsodium TO pgsodium_keyiduser, pgsodium_keyholder, pgsodium_keymaker;
GRANT SELECT ON pgsodium.valid_key TO pgsodium_keyiduser;
GRANT SELECT ON pgsodium.decrypted_key TO pgsodium_keyholder;
GRANT ALL ON pgsodium.key TO pgsodium_keymaker;
