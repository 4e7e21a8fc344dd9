-- pgkeeper stand-in for TimescaleDB (https://github.com/timescale/timescaledb), which Supabase offers
-- on PostgreSQL 15: create_hypertable (both the old and the by_range form) records the hypertable
-- and leaves the table a plain table; the policy functions record nothing and return a job id;
-- time_bucket computes buckets as TimescaleDB does (weeks start on Monday 2000-01-03, months on
-- 2000-01-01). Storage parameters such as WITH (timescaledb.continuous) or
-- SET (timescaledb.compress) are not accepted: PostgreSQL only takes them from the real extension.
CREATE TABLE @extschema@.pgkeeper_hypertables (
  hypertable regclass PRIMARY KEY,
  time_column name NOT NULL,
  chunk_time_interval text
);
CREATE SEQUENCE @extschema@.pgkeeper_job_id START 1000;

CREATE TYPE @extschema@.dimension_info AS (column_name name, partition_interval text);

CREATE FUNCTION @extschema@.by_range(
  column_name name, partition_interval anyelement DEFAULT NULL::bigint,
  partition_func regproc DEFAULT NULL)
RETURNS @extschema@.dimension_info
LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(column_name, partition_interval::text)::@extschema@.dimension_info $$;
CREATE FUNCTION @extschema@.by_hash(
  column_name name, number_partitions integer, partition_func regproc DEFAULT NULL)
RETURNS @extschema@.dimension_info
LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(column_name, NULL)::@extschema@.dimension_info $$;

CREATE FUNCTION @extschema@._pgkeeper_hypertable(
  relation regclass, time_column name, chunk_interval text, if_not_exists boolean)
RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = relation AND attname = time_column
                                            AND NOT attisdropped) THEN
    RAISE EXCEPTION USING ERRCODE = 'undefined_column',
      MESSAGE = format('column "%s" does not exist', time_column);
  END IF;
  IF EXISTS (SELECT FROM @extschema@.pgkeeper_hypertables WHERE hypertable = relation) THEN
    IF if_not_exists THEN
      RAISE NOTICE 'table "%" is already a hypertable, skipping', relation;
      RETURN false;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'TS110', MESSAGE = format('table "%s" is already a hypertable', relation);
  END IF;
  INSERT INTO @extschema@.pgkeeper_hypertables VALUES (relation, time_column, chunk_interval);
  RETURN true;
END
$$;

CREATE FUNCTION @extschema@.create_hypertable(
  relation regclass, time_column_name name, partitioning_column name DEFAULT NULL,
  number_partitions integer DEFAULT NULL, associated_schema_name name DEFAULT NULL,
  associated_table_prefix name DEFAULT NULL, chunk_time_interval anyelement DEFAULT NULL::bigint,
  create_default_indexes boolean DEFAULT true, if_not_exists boolean DEFAULT false,
  partitioning_func regproc DEFAULT NULL, migrate_data boolean DEFAULT false,
  chunk_target_size text DEFAULT NULL, chunk_sizing_func regproc DEFAULT NULL,
  time_partitioning_func regproc DEFAULT NULL)
RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
LANGUAGE sql
AS $$
  SELECT relation::oid::integer, n.nspname, c.relname,
         @extschema@._pgkeeper_hypertable(relation, time_column_name, chunk_time_interval::text,
                                          if_not_exists)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.oid = relation
$$;
CREATE FUNCTION @extschema@.create_hypertable(
  relation regclass, dimension @extschema@.dimension_info, create_default_indexes boolean DEFAULT true,
  if_not_exists boolean DEFAULT false, migrate_data boolean DEFAULT false)
RETURNS TABLE (hypertable_id integer, created boolean)
LANGUAGE sql
AS $$
  SELECT relation::oid::integer,
         @extschema@._pgkeeper_hypertable(relation, (dimension).column_name,
                                          (dimension).partition_interval, if_not_exists)
$$;

CREATE FUNCTION @extschema@.set_chunk_time_interval(
  hypertable regclass, chunk_time_interval anyelement, dimension_name name DEFAULT NULL)
RETURNS void
LANGUAGE sql
AS $$
  UPDATE @extschema@.pgkeeper_hypertables SET chunk_time_interval = $2::text WHERE hypertable = $1
$$;
CREATE FUNCTION @extschema@.add_dimension(
  hypertable regclass, column_name name, number_partitions integer DEFAULT NULL,
  chunk_time_interval anyelement DEFAULT NULL::bigint, partitioning_func regproc DEFAULT NULL,
  if_not_exists boolean DEFAULT false)
RETURNS TABLE (dimension_id integer, schema_name name, table_name name, column_name name, created boolean)
LANGUAGE sql AS $$ SELECT 1, NULL::name, NULL::name, $2, true $$;

CREATE FUNCTION @extschema@.add_retention_policy(
  relation regclass, drop_after anyelement, if_not_exists boolean DEFAULT false,
  schedule_interval interval DEFAULT NULL, initial_start timestamptz DEFAULT NULL,
  timezone text DEFAULT NULL)
RETURNS integer
LANGUAGE sql AS $$ SELECT nextval('@extschema@.pgkeeper_job_id')::integer $$;
CREATE FUNCTION @extschema@.remove_retention_policy(relation regclass, if_exists boolean DEFAULT false)
RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION @extschema@.add_compression_policy(
  hypertable regclass, compress_after anyelement, if_not_exists boolean DEFAULT false,
  schedule_interval interval DEFAULT NULL, initial_start timestamptz DEFAULT NULL,
  timezone text DEFAULT NULL, compress_created_before interval DEFAULT NULL)
RETURNS integer
LANGUAGE sql AS $$ SELECT nextval('@extschema@.pgkeeper_job_id')::integer $$;
CREATE FUNCTION @extschema@.remove_compression_policy(
  hypertable regclass, if_exists boolean DEFAULT false)
RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION @extschema@.add_continuous_aggregate_policy(
  continuous_aggregate regclass, start_offset anyelement, end_offset anycompatible,
  schedule_interval interval, if_not_exists boolean DEFAULT false,
  initial_start timestamptz DEFAULT NULL, timezone text DEFAULT NULL)
RETURNS integer
LANGUAGE sql AS $$ SELECT nextval('@extschema@.pgkeeper_job_id')::integer $$;
CREATE FUNCTION @extschema@.remove_continuous_aggregate_policy(
  continuous_aggregate regclass, if_not_exists boolean DEFAULT false, if_exists boolean DEFAULT NULL)
RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION @extschema@.drop_chunks(
  relation regclass, older_than anyelement DEFAULT NULL::bigint,
  newer_than anycompatible DEFAULT NULL::bigint, verbose boolean DEFAULT false)
RETURNS SETOF text
LANGUAGE sql AS $$ SELECT NULL::text WHERE false $$;
CREATE FUNCTION @extschema@.show_chunks(
  relation regclass, older_than anyelement DEFAULT NULL::bigint,
  newer_than anycompatible DEFAULT NULL::bigint)
RETURNS SETOF regclass
LANGUAGE sql AS $$ SELECT NULL::regclass WHERE false $$;

CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN extract(year FROM bucket_width) * 12 + extract(month FROM bucket_width) > 0 THEN
    (timestamp '2000-01-01' + make_interval(months => (floor(
       ((extract(year FROM ts AT TIME ZONE 'UTC') - 2000) * 12 + extract(month FROM ts AT TIME ZONE 'UTC') - 1)
       / (extract(year FROM bucket_width) * 12 + extract(month FROM bucket_width)))
       * (extract(year FROM bucket_width) * 12 + extract(month FROM bucket_width)))::integer))
    AT TIME ZONE 'UTC'
  ELSE date_bin(bucket_width, ts, timestamptz '2000-01-03 00:00:00+00') END
$$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts timestamp) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.time_bucket(bucket_width, ts AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts date) RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (@extschema@.time_bucket(bucket_width, ts::timestamp))::date $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width integer, ts integer) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT (floor(ts::numeric / bucket_width) * bucket_width)::integer $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width bigint, ts bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT (floor(ts::numeric / bucket_width) * bucket_width)::bigint $$;
CREATE FUNCTION @extschema@.time_bucket(bucket_width interval, ts timestamptz, timezone text)
RETURNS timestamptz
LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.time_bucket(bucket_width, ts AT TIME ZONE timezone) AT TIME ZONE timezone $$;
CREATE FUNCTION @extschema@.time_bucket_gapfill(bucket_width interval, ts timestamptz,
  start timestamptz DEFAULT NULL, finish timestamptz DEFAULT NULL)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT @extschema@.time_bucket(bucket_width, ts) $$;
