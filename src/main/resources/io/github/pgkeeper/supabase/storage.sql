-- The Supabase flavour: the storage schema as Supabase Storage leaves it after all its tenant
-- migrations. Mirrors supabase/storage at commit 4fa61fb (migrations/tenant up to
-- 0063-fix-search-name-relative-to-prefix): every table, column, default, constraint, index and
-- trigger, and every function with its real signature. The functions that policies and triggers
-- use behave as upstream; the listing functions (search, search_v2, list_objects_with_delimiter,
-- ...) return the same rows with simpler SQL. Written for pgkeeper, not copied; to refresh, see
-- docs/supabase.md.

-- Created as their owner, as the service's own migrations create them.
SET ROLE supabase_storage_admin;

CREATE TYPE storage.buckettype AS ENUM ('STANDARD', 'ANALYTICS', 'VECTOR');

CREATE TABLE storage.migrations (
  id integer PRIMARY KEY,
  name varchar(100) NOT NULL UNIQUE,
  hash varchar(40) NOT NULL,
  executed_at timestamp DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE storage.buckets (
  id text NOT NULL PRIMARY KEY,
  name text NOT NULL,
  owner uuid,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  public boolean DEFAULT false,
  avif_autodetection boolean DEFAULT false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text,
  type storage.buckettype NOT NULL DEFAULT 'STANDARD',
  versioning_status text NOT NULL DEFAULT 'DISABLED'
    CONSTRAINT buckets_versioning_status_check
      CHECK (versioning_status IN ('DISABLED', 'ENABLED', 'SUSPENDED'))
    CONSTRAINT buckets_versioning_dark_check CHECK (versioning_status = 'DISABLED'),
  CONSTRAINT buckets_versioning_standard_only_check
    CHECK (type = 'STANDARD' OR versioning_status = 'DISABLED')
);
COMMENT ON COLUMN storage.buckets.owner IS 'Field is deprecated, use owner_id instead';
CREATE UNIQUE INDEX bname ON storage.buckets (name);

CREATE TABLE storage.objects (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  bucket_id text CONSTRAINT "objects_bucketId_fkey" REFERENCES storage.buckets (id),
  name text,
  owner uuid,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  last_accessed_at timestamptz DEFAULT now(),
  metadata jsonb,
  path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED,
  version text,
  owner_id text,
  user_metadata jsonb,
  archived_at timestamptz,
  is_delete_marker boolean NOT NULL DEFAULT false,
  is_versioned boolean NOT NULL DEFAULT false
);
COMMENT ON COLUMN storage.objects.owner IS 'Field is deprecated, use owner_id instead';
CREATE UNIQUE INDEX bucketid_objname ON storage.objects (bucket_id, name);
CREATE INDEX name_prefix_search ON storage.objects (name text_pattern_ops);
CREATE INDEX idx_objects_bucket_id_name ON storage.objects (bucket_id, name COLLATE "C");
CREATE INDEX idx_objects_bucket_id_name_lower ON storage.objects (bucket_id, lower(name) COLLATE "C");

CREATE TABLE storage.s3_multipart_uploads (
  id text NOT NULL PRIMARY KEY,
  in_progress_size bigint NOT NULL DEFAULT 0,
  upload_signature text NOT NULL,
  bucket_id text NOT NULL REFERENCES storage.buckets (id),
  key text COLLATE "C" NOT NULL,
  version text NOT NULL,
  owner_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  user_metadata jsonb,
  metadata jsonb
);
CREATE INDEX idx_multipart_uploads_list ON storage.s3_multipart_uploads (bucket_id, key, created_at);

CREATE TABLE storage.s3_multipart_uploads_parts (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  upload_id text NOT NULL REFERENCES storage.s3_multipart_uploads (id) ON DELETE CASCADE,
  size bigint NOT NULL DEFAULT 0,
  part_number integer NOT NULL,
  bucket_id text NOT NULL REFERENCES storage.buckets (id),
  key text COLLATE "C" NOT NULL,
  etag text NOT NULL,
  owner_id text,
  version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE storage.buckets_analytics (
  name text NOT NULL,
  type storage.buckettype NOT NULL DEFAULT 'ANALYTICS',
  format text NOT NULL DEFAULT 'ICEBERG',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  deleted_at timestamptz
);
CREATE UNIQUE INDEX buckets_analytics_unique_name_idx ON storage.buckets_analytics (name)
  WHERE deleted_at IS NULL;

CREATE TABLE storage.iceberg_namespaces (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  bucket_name text NOT NULL,
  name text COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  metadata jsonb NOT NULL DEFAULT '{}',
  catalog_id uuid NOT NULL REFERENCES storage.buckets_analytics (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_iceberg_namespaces_bucket_id ON storage.iceberg_namespaces (catalog_id, name);

CREATE TABLE storage.iceberg_tables (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  namespace_id uuid NOT NULL REFERENCES storage.iceberg_namespaces (id) ON DELETE CASCADE,
  bucket_name text NOT NULL,
  name text COLLATE "C" NOT NULL,
  location text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  remote_table_id text,
  shard_key text,
  shard_id text,
  catalog_id uuid NOT NULL REFERENCES storage.buckets_analytics (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_iceberg_tables_namespace_id
  ON storage.iceberg_tables (catalog_id, namespace_id, name);
CREATE UNIQUE INDEX idx_iceberg_tables_location ON storage.iceberg_tables (location);

CREATE TABLE storage.buckets_vectors (
  id text NOT NULL PRIMARY KEY,
  type storage.buckettype NOT NULL DEFAULT 'VECTOR',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE storage.vector_indexes (
  id text NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  bucket_id text NOT NULL REFERENCES storage.buckets_vectors (id),
  data_type text NOT NULL,
  dimension integer NOT NULL,
  distance_metric text NOT NULL,
  metadata_configuration jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX vector_indexes_name_bucket_id_idx ON storage.vector_indexes (name, bucket_id);

-- Path helpers that storage policies call, such as (storage.foldername(name))[1] = auth.uid()::text.
-- 'avatars/user-1/photo.png' -> {avatars,user-1}
CREATE FUNCTION storage.foldername(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE
AS $$ SELECT (string_to_array(name, '/'))[1 : array_length(string_to_array(name, '/'), 1) - 1] $$;

-- 'avatars/user-1/photo.png' -> photo.png
CREATE FUNCTION storage.filename(name text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT (string_to_array(name, '/'))[array_length(string_to_array(name, '/'), 1)] $$;

-- 'avatars/user-1/photo.tar.gz' -> gz (the part after the last dot of the file name)
CREATE FUNCTION storage.extension(name text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT reverse(split_part(reverse(storage.filename(name)), '.', 1)) $$;

-- The Storage API names the operation of the request (storage.object.upload, ...) in this setting.
CREATE FUNCTION storage.operation() RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT current_setting('storage.operation', true) $$;

CREATE FUNCTION storage.allow_only_operation(expected_operation text) RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT coalesce(nullif(expected_operation, '') IS NOT NULL
                  AND regexp_replace(storage.operation(), '^storage\.', '')
                      = regexp_replace(expected_operation, '^storage\.', ''), false)
$$;

CREATE FUNCTION storage.allow_any_operation(expected_operations text[]) RETURNS boolean
LANGUAGE sql STABLE
AS $$
  SELECT EXISTS (SELECT FROM unnest(expected_operations) AS expected
                  WHERE storage.allow_only_operation(expected))
$$;

-- Checks the insert policies of storage.objects without keeping the row, as the Storage API does.
CREATE FUNCTION storage.can_insert_object(bucketid text, name text, owner uuid, metadata jsonb)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  INSERT INTO storage.objects (bucket_id, name, owner, metadata)
  VALUES (bucketid, name, owner, metadata);
  RAISE SQLSTATE 'PT200' USING MESSAGE = 'ROLLBACK', DETAIL = 'rollback successful insert';
END
$$;

CREATE FUNCTION storage.update_updated_at_column() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END
$$;

CREATE FUNCTION storage.enforce_bucket_name_length() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF length(NEW.name) > 100 THEN
    RAISE EXCEPTION 'bucket name "%" is too long (% characters). Max is 100.', NEW.name, length(NEW.name);
  END IF;
  RETURN NEW;
END
$$;

-- As on Supabase: DELETE on storage.buckets and storage.objects is refused unless the session
-- sets storage.allow_delete_query to true (SET LOCAL storage.allow_delete_query = 'true').
CREATE FUNCTION storage.protect_delete() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF coalesce(current_setting('storage.allow_delete_query', true), 'false') <> 'true' THEN
    RAISE EXCEPTION 'Direct deletion from storage tables is not allowed. Use the Storage API instead.'
      USING HINT = 'This prevents accidental data loss from orphaned objects.', ERRCODE = '42501';
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION storage.get_common_prefix(p_key text, p_prefix text, p_delimiter text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT CASE WHEN position(p_delimiter IN substring(p_key FROM length(p_prefix) + 1)) > 0
    THEN left(p_key, length(p_prefix) + position(p_delimiter IN substring(p_key FROM length(p_prefix) + 1)))
  END
$$;

CREATE FUNCTION storage.get_size_by_bucket() RETURNS TABLE (size bigint, bucket_id text)
LANGUAGE sql STABLE
AS $$
  SELECT sum((metadata ->> 'size')::bigint)::bigint, o.bucket_id FROM storage.objects o GROUP BY o.bucket_id
$$;

-- One level below prefix: the folders (without id) and the files in it, as the dashboard lists them.
CREATE FUNCTION storage.search(
  prefix text, bucketname text, limits integer DEFAULT 100, levels integer DEFAULT 1,
  offsets integer DEFAULT 0, search text DEFAULT '', sortcolumn text DEFAULT 'name',
  sortorder text DEFAULT 'asc'
) RETURNS TABLE (name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
LANGUAGE sql STABLE
AS $$
  WITH level AS (
    SELECT o.path_tokens[levels] AS name,
           CASE WHEN array_length(o.path_tokens, 1) = levels THEN o.id END AS id,
           o.updated_at, o.created_at, o.last_accessed_at, o.metadata,
           array_length(o.path_tokens, 1) <> levels AS is_folder
      FROM storage.objects o
     WHERE o.bucket_id = bucketname AND o.name ILIKE prefix || search || '%'
  )
  SELECT DISTINCT ON (l.name, l.is_folder) l.name, l.id,
         CASE WHEN l.is_folder THEN NULL ELSE l.updated_at END,
         CASE WHEN l.is_folder THEN NULL ELSE l.created_at END,
         CASE WHEN l.is_folder THEN NULL ELSE l.last_accessed_at END,
         CASE WHEN l.is_folder THEN NULL ELSE l.metadata END
    FROM level l
   ORDER BY l.name, l.is_folder DESC
   LIMIT limits OFFSET offsets
$$;

CREATE FUNCTION storage.list_objects_with_delimiter(
  _bucket_id text, prefix_param text, delimiter_param text, max_keys integer DEFAULT 100,
  start_after text DEFAULT '', next_token text DEFAULT '', sort_order text DEFAULT 'asc'
) RETURNS TABLE (name text, id uuid, metadata jsonb, updated_at timestamptz,
                 created_at timestamptz, last_accessed_at timestamptz)
LANGUAGE sql STABLE
AS $$
  -- A common prefix (a "folder") is listed once, without id; files with their metadata.
  WITH entries AS (
    SELECT storage.get_common_prefix(o.name, coalesce(prefix_param, ''), delimiter_param) AS folder, o.*
      FROM storage.objects o
     WHERE o.bucket_id = _bucket_id AND o.name COLLATE "C" LIKE coalesce(prefix_param, '') || '%'
       AND o.name COLLATE "C" > coalesce(nullif(next_token, ''), nullif(start_after, ''), '')
  )
  SELECT DISTINCT ON (coalesce(e.folder, e.name) COLLATE "C")
         coalesce(e.folder, e.name), CASE WHEN e.folder IS NULL THEN e.id END,
         CASE WHEN e.folder IS NULL THEN e.metadata END,
         CASE WHEN e.folder IS NULL THEN e.updated_at END,
         CASE WHEN e.folder IS NULL THEN e.created_at END,
         CASE WHEN e.folder IS NULL THEN e.last_accessed_at END
    FROM entries e
   ORDER BY coalesce(e.folder, e.name) COLLATE "C"
   LIMIT max_keys
$$;

CREATE FUNCTION storage.list_multipart_uploads_with_delimiter(
  bucket_id text, prefix_param text, delimiter_param text, max_keys integer DEFAULT 100,
  next_key_token text DEFAULT '', next_upload_token text DEFAULT ''
) RETURNS TABLE (key text, id text, created_at timestamptz)
LANGUAGE sql
AS $$
  SELECT DISTINCT ON (coalesce(storage.get_common_prefix(u.key, prefix_param, delimiter_param), u.key))
         coalesce(storage.get_common_prefix(u.key, prefix_param, delimiter_param), u.key), u.id, u.created_at
    FROM storage.s3_multipart_uploads u
   WHERE u.bucket_id = list_multipart_uploads_with_delimiter.bucket_id
     AND u.key ILIKE prefix_param || '%'
     AND u.key > coalesce(next_key_token, '') AND u.id > coalesce(next_upload_token, '')
   ORDER BY coalesce(storage.get_common_prefix(u.key, prefix_param, delimiter_param), u.key), u.created_at
   LIMIT max_keys
$$;

CREATE FUNCTION storage.search_v2(
  prefix text, bucket_name text, limits integer DEFAULT 100, levels integer DEFAULT 1,
  start_after text DEFAULT '', sort_order text DEFAULT 'asc', sort_column text DEFAULT 'name',
  sort_column_after text DEFAULT ''
) RETURNS TABLE (key text, name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
LANGUAGE sql STABLE
AS $$
  SELECT l.name, substring(l.name FROM length(prefix) + 1), l.id, l.updated_at, l.created_at,
         l.last_accessed_at, l.metadata
    FROM storage.list_objects_with_delimiter(bucket_name, prefix, '/', LEAST(coalesce(limits, 100), 1500),
                                             start_after, '', sort_order) l
$$;

CREATE FUNCTION storage.search_by_timestamp(
  p_prefix text, p_bucket_id text, p_limit integer, p_level integer, p_start_after text,
  p_sort_order text, p_sort_column text, p_sort_column_after text
) RETURNS TABLE (key text, name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
LANGUAGE sql STABLE
AS $$
  SELECT s.key, s.name, s.id, s.updated_at, s.created_at, s.last_accessed_at, s.metadata
    FROM storage.search_v2(p_prefix, p_bucket_id, p_limit, p_level, p_start_after, p_sort_order,
                           'name', '') s
$$;

CREATE TRIGGER update_objects_updated_at BEFORE UPDATE ON storage.objects
  FOR EACH ROW EXECUTE FUNCTION storage.update_updated_at_column();
CREATE TRIGGER enforce_bucket_name_length_trigger BEFORE INSERT OR UPDATE OF name ON storage.buckets
  FOR EACH ROW EXECUTE FUNCTION storage.enforce_bucket_name_length();
CREATE TRIGGER protect_buckets_delete BEFORE DELETE ON storage.buckets
  FOR EACH STATEMENT EXECUTE FUNCTION storage.protect_delete();
CREATE TRIGGER protect_objects_delete BEFORE DELETE ON storage.objects
  FOR EACH STATEMENT EXECUTE FUNCTION storage.protect_delete();

-- Objects Supabase Storage dropped in 2025 (tenant migrations 0052 and 0059) that migrations
-- pulled or diffed before then still grant on, or attach triggers to: `supabase db diff` wrote
-- `grant ... on table "storage"."prefixes"` into many projects. Kept as inert stand-ins so those
-- files apply; nothing uses them.
CREATE FUNCTION storage.get_level(name text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT array_length(string_to_array(name, '/'), 1) $$;

CREATE FUNCTION storage.get_prefix(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT CASE WHEN strpos(name, '/') > 0 THEN regexp_replace(name, '[\/]{1}[^\/]+\/?$', '') ELSE '' END $$;

CREATE FUNCTION storage.get_prefixes(name text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT
AS $$
  SELECT coalesce(array_agg(array_to_string(parts[1:i], '/') ORDER BY i), '{}')
    FROM (SELECT string_to_array(name, '/') AS parts) p, generate_series(1, array_length(parts, 1) - 1) i
$$;

CREATE TABLE storage.prefixes (
  bucket_id text CONSTRAINT "prefixes_bucketId_fkey" REFERENCES storage.buckets (id),
  name text COLLATE "C" NOT NULL,
  level integer GENERATED ALWAYS AS (storage.get_level(name)) STORED,
  created_at timestamptz DEFAULT now(),
  updated_at timestamptz DEFAULT now(),
  PRIMARY KEY (bucket_id, level, name)
);

CREATE FUNCTION storage.add_prefixes(_bucket_id text, _name text) RETURNS void
LANGUAGE sql SECURITY DEFINER
AS $$
  INSERT INTO storage.prefixes (bucket_id, name)
  SELECT _bucket_id, unnest(storage.get_prefixes(_name)) ON CONFLICT DO NOTHING
$$;

CREATE FUNCTION storage.delete_prefix(_bucket_id text, _name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
AS $$
BEGIN
  DELETE FROM storage.prefixes WHERE bucket_id = _bucket_id AND name = _name;
  RETURN FOUND;
END
$$;

CREATE FUNCTION storage.lock_top_prefixes(bucket_ids text[], names text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER
AS $$ SELECT $$;

CREATE FUNCTION storage.delete_leaf_prefixes(bucket_ids text[], names text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER
AS $$ SELECT $$;

DO $$
DECLARE
  trigger_function text;
BEGIN
  FOREACH trigger_function IN ARRAY ARRAY['objects_insert_prefix_trigger', 'objects_update_prefix_trigger',
      'objects_update_level_trigger', 'prefixes_insert_trigger', 'delete_prefix_hierarchy_trigger',
      'objects_delete_cleanup', 'objects_update_cleanup', 'prefixes_delete_cleanup'] LOOP
    EXECUTE format('CREATE FUNCTION storage.%I() RETURNS trigger LANGUAGE plpgsql AS '
                   '$f$ BEGIN RETURN coalesce(NEW, OLD); END $f$', trigger_function);
  END LOOP;
END
$$;

CREATE FUNCTION storage.search_legacy_v1(
  prefix text, bucketname text, limits integer DEFAULT 100, levels integer DEFAULT 1,
  offsets integer DEFAULT 0, search text DEFAULT '', sortcolumn text DEFAULT 'name',
  sortorder text DEFAULT 'asc'
) RETURNS TABLE (name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
LANGUAGE sql STABLE
AS $$ SELECT * FROM storage.search(prefix, bucketname, limits, levels, offsets, search, sortcolumn, sortorder) $$;

CREATE FUNCTION storage.search_v1_optimised(
  prefix text, bucketname text, limits integer DEFAULT 100, levels integer DEFAULT 1,
  offsets integer DEFAULT 0, search text DEFAULT '', sortcolumn text DEFAULT 'name',
  sortorder text DEFAULT 'asc'
) RETURNS TABLE (name text, id uuid, updated_at timestamptz, created_at timestamptz,
                 last_accessed_at timestamptz, metadata jsonb)
LANGUAGE sql STABLE
AS $$ SELECT * FROM storage.search(prefix, bucketname, limits, levels, offsets, search, sortcolumn, sortorder) $$;

-- Row level security on every table, as Supabase Storage leaves it.
DO $$
DECLARE
  object record;
BEGIN
  FOR object IN SELECT c.oid::regclass AS name FROM pg_class c
                 WHERE c.relnamespace = 'storage'::regnamespace AND c.relkind = 'r' LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', object.name);
  END LOOP;
END
$$;
RESET ROLE;
