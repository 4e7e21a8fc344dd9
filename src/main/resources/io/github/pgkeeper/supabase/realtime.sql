-- The Supabase flavour: the realtime schema as Supabase Realtime leaves it after its tenant
-- migrations. Mirrors supabase/realtime as of August 2026 (lib/realtime/tenants/repo/migrations up to
-- 20260709120000_fix_apply_rls_filter_role_leak): the types, the tables subscription,
-- schema_migrations and messages (partitioned by day, as upstream), and every function with its
-- real signature, owned by supabase_realtime_admin. Nothing streams here: realtime.send and
-- realtime.broadcast_changes record the message in realtime.messages; apply_rls and list_changes
-- return no changes. Written for pgkeeper, not copied; to refresh, see docs/supabase.md.

-- Realtime's migration history, owned by the connecting admin.
CREATE TABLE realtime.schema_migrations (
  version bigint NOT NULL PRIMARY KEY,
  inserted_at timestamp(0)
);

-- The rest created as their owner, as Realtime's own migrations create them.
SET ROLE supabase_realtime_admin;

CREATE TYPE realtime.action AS ENUM ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'ERROR');
CREATE TYPE realtime.equality_op AS ENUM (
  'eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'like', 'ilike', 'is', 'match', 'imatch', 'isdistinct');
CREATE TYPE realtime.user_defined_filter AS (
  column_name text, op realtime.equality_op, value text, negate boolean);
CREATE TYPE realtime.wal_column AS (
  name text, type_name text, type_oid oid, value jsonb, is_pkey boolean, is_selectable boolean);
CREATE TYPE realtime.wal_rls AS (
  wal jsonb, is_rls_enabled boolean, subscription_ids uuid[], errors text[]);


CREATE FUNCTION realtime.to_regrole(role_name text) RETURNS regrole
LANGUAGE sql IMMUTABLE
AS $$ SELECT role_name::regrole $$;

-- The postgres_changes subscriptions of connected clients (Realtime fills it; empty here).
CREATE TABLE realtime.subscription (
  id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT pk_subscription PRIMARY KEY,
  subscription_id uuid NOT NULL,
  entity regclass NOT NULL,
  filters realtime.user_defined_filter[] NOT NULL DEFAULT '{}',
  claims jsonb NOT NULL,
  claims_role regrole NOT NULL GENERATED ALWAYS AS (realtime.to_regrole(claims ->> 'role')) STORED,
  created_at timestamp NOT NULL DEFAULT timezone('utc', now()),
  action_filter text DEFAULT '*' CHECK (action_filter IN ('*', 'INSERT', 'UPDATE', 'DELETE')),
  selected_columns text[]
);
CREATE INDEX ix_realtime_subscription_entity ON realtime.subscription USING hash (entity);
CREATE UNIQUE INDEX subscription_subscription_id_entity_filters_action_filter_selected_columns_key
  ON realtime.subscription (subscription_id, entity, filters, action_filter, coalesce(selected_columns, '{}'));

-- Broadcast and presence messages. Upstream creates one partition per day as messages arrive;
-- here a default partition takes them all.
CREATE TABLE realtime.messages (
  topic text NOT NULL,
  extension text NOT NULL,
  payload jsonb,
  event text,
  private boolean DEFAULT false,
  updated_at timestamp NOT NULL DEFAULT now(),
  inserted_at timestamp NOT NULL DEFAULT now(),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  binary_payload bytea,
  CONSTRAINT messages_payload_exclusive CHECK (payload IS NULL OR binary_payload IS NULL),
  PRIMARY KEY (id, inserted_at)
) PARTITION BY RANGE (inserted_at);
CREATE TABLE realtime.messages_default PARTITION OF realtime.messages DEFAULT;
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;
CREATE INDEX messages_inserted_at_topic_index ON realtime.messages (inserted_at DESC, topic)
  WHERE extension = 'broadcast' AND private IS TRUE;

CREATE FUNCTION realtime.topic() RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('realtime.topic', true), '')::text $$;

CREATE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true)
RETURNS void
LANGUAGE sql
AS $$
  INSERT INTO realtime.messages (payload, event, topic, private, extension)
  VALUES (payload, event, topic, private, 'broadcast')
$$;
COMMENT ON FUNCTION realtime.send(jsonb, text, text, boolean)
  IS 'pgkeeper stand-in: records the message in realtime.messages; nothing is broadcast';

CREATE FUNCTION realtime.send_binary(payload bytea, event text, topic text, private boolean DEFAULT true)
RETURNS void
LANGUAGE sql
AS $$
  INSERT INTO realtime.messages (binary_payload, event, topic, private, extension)
  VALUES (payload, event, topic, private, 'broadcast')
$$;

-- Called from a row trigger: sends the change to the topic, as upstream does.
CREATE FUNCTION realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text DEFAULT 'ROW'
) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF level = 'STATEMENT' THEN
    RAISE EXCEPTION 'function can only be triggered for each row, not for each statement';
  END IF;
  PERFORM realtime.send(
    jsonb_build_object(
      'old_record', CASE WHEN operation IN ('UPDATE', 'DELETE') THEN to_jsonb(old) END,
      'record', CASE WHEN operation IN ('INSERT', 'UPDATE') THEN to_jsonb(new) END,
      'operation', operation, 'table', table_name, 'schema', table_schema),
    event_name, topic_name, true);
END
$$;

CREATE FUNCTION realtime.cast(val text, type_ regtype) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
  result jsonb;
BEGIN
  EXECUTE format('SELECT to_jsonb(%L::%s)', val, type_) INTO result;
  RETURN result;
END
$$;

CREATE FUNCTION realtime.check_equality_op(
  op realtime.equality_op, type_ regtype, val_1 text, val_2 text, negate boolean
) RETURNS boolean
LANGUAGE plpgsql STABLE
AS $$
DECLARE
  operator text := CASE op WHEN 'eq' THEN '=' WHEN 'neq' THEN '!=' WHEN 'lt' THEN '<'
    WHEN 'lte' THEN '<=' WHEN 'gt' THEN '>' WHEN 'gte' THEN '>=' WHEN 'like' THEN 'LIKE'
    WHEN 'ilike' THEN 'ILIKE' WHEN 'match' THEN '~' WHEN 'imatch' THEN '~*'
    WHEN 'isdistinct' THEN 'IS DISTINCT FROM' END;
  result boolean;
BEGIN
  IF op = 'in' THEN
    EXECUTE format('SELECT %L::%s = ANY(%L::%s[])', val_1, type_, val_2, type_) INTO result;
  ELSIF op = 'is' THEN
    result := CASE lower(val_2) WHEN 'null' THEN val_1 IS NULL WHEN 'true' THEN val_1::boolean
      WHEN 'false' THEN NOT val_1::boolean END;
  ELSE
    EXECUTE format('SELECT %L::%s %s %L::%s', val_1, type_, operator, val_2, type_) INTO result;
  END IF;
  RETURN CASE WHEN coalesce(negate, false) THEN NOT result ELSE result END;
END
$$;

CREATE FUNCTION realtime.check_equality_op(
  op realtime.equality_op, type_ regtype, val_1 text, val_2 text
) RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT realtime.check_equality_op(op, type_, val_1, val_2, false) $$;

CREATE FUNCTION realtime.is_visible_through_filters(
  columns realtime.wal_column[], filters realtime.user_defined_filter[]
) RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$
  SELECT coalesce(bool_and(realtime.check_equality_op(f.op, col.type_name::regtype,
                                                       col.value #>> '{}', f.value, f.negate)), true)
    FROM unnest(filters) f JOIN unnest(columns) col ON col.name = f.column_name
$$;

CREATE FUNCTION realtime.build_prepared_statement_sql(
  prepared_statement_name text, entity regclass, columns realtime.wal_column[]
) RETURNS text
LANGUAGE sql
AS $$
  SELECT format('prepare %s as select exists(select 1 from %s where %s)', prepared_statement_name,
                entity, coalesce(string_agg(format('%I = %L::%s', c.name, c.value #>> '{}', c.type_name), ' and '), 'true'))
    FROM unnest(columns) c WHERE c.is_pkey
$$;

CREATE FUNCTION realtime.wal2json_escape_identifier(text) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT regexp_replace($1, '([\\.,\s])', '\\\1', 'g') $$;

CREATE FUNCTION realtime.quote_wal2json(entity regclass) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
  SELECT realtime.wal2json_escape_identifier(n.nspname) || '.' || realtime.wal2json_escape_identifier(c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = entity
$$;

-- Realtime's replication reader: no logical replication slot here, so no changes.
CREATE FUNCTION realtime.apply_rls(wal jsonb, max_record_bytes integer DEFAULT 1024 * 1024)
RETURNS SETOF realtime.wal_rls
LANGUAGE sql
AS $$ SELECT NULL::jsonb, NULL::boolean, NULL::uuid[], NULL::text[] WHERE false $$;

CREATE FUNCTION realtime.list_changes(
  publication name, slot_name name, max_changes integer, max_record_bytes integer
) RETURNS TABLE (wal jsonb, is_rls_enabled boolean, subscription_ids uuid[], errors text[],
                 slot_changes_count bigint)
LANGUAGE sql
AS $$ SELECT NULL::jsonb, NULL::boolean, NULL::uuid[], NULL::text[], NULL::bigint WHERE false $$;

CREATE FUNCTION realtime.subscription_check_filters() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RETURN NEW;
END
$$;
CREATE TRIGGER tr_check_filters BEFORE INSERT OR UPDATE ON realtime.subscription
  FOR EACH ROW EXECUTE FUNCTION realtime.subscription_check_filters();

RESET ROLE;
