-- pgkeeper stand-in for pgmq (https://github.com/pgmq/pgmq): the commonly used functions with the
-- real signatures, working for real on plain tables, as pgmq does: queue <name> is the table
-- pgmq.q_<name>, its archive pgmq.a_<name>. Partitioned queues, metrics and notifications are left
-- out.
-- The schema becomes part of the extension only when the extension creates it (PostgreSQL will not
-- adopt an existing one with IF NOT EXISTS).
DO $schema$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'pgmq') THEN
    CREATE SCHEMA pgmq;
  END IF;
END
$schema$;

CREATE TABLE pgmq.meta (
  queue_name varchar UNIQUE NOT NULL,
  is_partitioned boolean NOT NULL,
  is_unlogged boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE pgmq.message_record AS (
  msg_id bigint,
  read_ct integer,
  enqueued_at timestamptz,
  vt timestamptz,
  message jsonb
);

CREATE FUNCTION pgmq._table(queue_name text, prefix text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  IF queue_name !~ '^[A-Za-z0-9_]+$' THEN
    RAISE EXCEPTION 'queue name contains invalid characters: %', queue_name;
  END IF;
  RETURN format('pgmq.%I', prefix || '_' || lower(queue_name));
END
$$;

CREATE FUNCTION pgmq.create(queue_name text) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %s (msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,'
    ' read_ct integer NOT NULL DEFAULT 0, enqueued_at timestamptz NOT NULL DEFAULT now(),'
    ' vt timestamptz NOT NULL, message jsonb)', pgmq._table(queue_name, 'q'));
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %s (msg_id bigint PRIMARY KEY, read_ct integer NOT NULL DEFAULT 0,'
    ' enqueued_at timestamptz NOT NULL DEFAULT now(), archived_at timestamptz NOT NULL DEFAULT now(),'
    ' vt timestamptz NOT NULL, message jsonb)', pgmq._table(queue_name, 'a'));
  INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged)
  VALUES (queue_name, false, false) ON CONFLICT DO NOTHING;
END
$$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer DEFAULT 0)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'INSERT INTO %s (vt, message) VALUES (now() + make_interval(secs => $1), $2) RETURNING msg_id',
    pgmq._table(queue_name, 'q')) USING delay, msg;
END
$$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer DEFAULT 0)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'INSERT INTO %s (vt, message) SELECT now() + make_interval(secs => $1), m FROM unnest($2) m'
    ' RETURNING msg_id', pgmq._table(queue_name, 'q')) USING delay, msgs;
END
$$;

-- Up to qty visible messages, hidden from other readers for vt seconds.
CREATE FUNCTION pgmq.read(queue_name text, vt integer, qty integer)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'WITH next AS (SELECT msg_id FROM %1$s WHERE vt <= clock_timestamp() ORDER BY msg_id'
    ' LIMIT $1 FOR UPDATE SKIP LOCKED)'
    ' UPDATE %1$s q SET vt = clock_timestamp() + make_interval(secs => $2), read_ct = read_ct + 1'
    ' FROM next WHERE q.msg_id = next.msg_id'
    ' RETURNING q.msg_id, q.read_ct, q.enqueued_at, q.vt, q.message',
    pgmq._table(queue_name, 'q')) USING qty, vt;
END
$$;

CREATE FUNCTION pgmq.pop(queue_name text)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'WITH next AS (SELECT msg_id FROM %1$s WHERE vt <= clock_timestamp() ORDER BY msg_id'
    ' LIMIT 1 FOR UPDATE SKIP LOCKED)'
    ' DELETE FROM %1$s q USING next WHERE q.msg_id = next.msg_id'
    ' RETURNING q.msg_id, q.read_ct, q.enqueued_at, q.vt, q.message',
    pgmq._table(queue_name, 'q'));
END
$$;

CREATE FUNCTION pgmq.delete(queue_name text, msg_id bigint) RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
  deleted integer;
BEGIN
  EXECUTE format('DELETE FROM %s WHERE msg_id = $1', pgmq._table(queue_name, 'q')) USING msg_id;
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted > 0;
END
$$;

CREATE FUNCTION pgmq.archive(queue_name text, msg_id bigint) RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
  moved integer;
BEGIN
  EXECUTE format(
    'WITH gone AS (DELETE FROM %s WHERE msg_id = $1 RETURNING *)'
    ' INSERT INTO %s (msg_id, read_ct, enqueued_at, vt, message)'
    ' SELECT msg_id, read_ct, enqueued_at, vt, message FROM gone',
    pgmq._table(queue_name, 'q'), pgmq._table(queue_name, 'a')) USING msg_id;
  GET DIAGNOSTICS moved = ROW_COUNT;
  RETURN moved > 0;
END
$$;

CREATE FUNCTION pgmq.purge_queue(queue_name text) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
  deleted bigint;
BEGIN
  EXECUTE format('DELETE FROM %s', pgmq._table(queue_name, 'q'));
  GET DIAGNOSTICS deleted = ROW_COUNT;
  RETURN deleted;
END
$$;

CREATE FUNCTION pgmq.drop_queue(queue_name text) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %s', pgmq._table(queue_name, 'q'));
  EXECUTE format('DROP TABLE IF EXISTS %s', pgmq._table(queue_name, 'a'));
  DELETE FROM pgmq.meta m WHERE m.queue_name = drop_queue.queue_name;
  RETURN FOUND;
END
$$;

CREATE FUNCTION pgmq.list_queues()
RETURNS TABLE (queue_name varchar, is_partitioned boolean, is_unlogged boolean, created_at timestamptz)
LANGUAGE sql
AS $$ SELECT queue_name, is_partitioned, is_unlogged, created_at FROM pgmq.meta $$;

GRANT USAGE ON SCHEMA pgmq TO PUBLIC;
