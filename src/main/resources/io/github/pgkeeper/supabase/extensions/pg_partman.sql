-- pgkeeper stand-in for pg_partman (https://github.com/pgpartman/pg_partman): create_parent records
-- the configuration in part_config as pg_partman does and attaches a default partition (as
-- p_default_table asks), so rows can be inserted; no time or id partitions are ever made, and
-- run_maintenance does nothing.
CREATE TABLE @extschema@.part_config (
  parent_table text PRIMARY KEY,
  control text NOT NULL,
  partition_interval text NOT NULL,
  partition_type text NOT NULL,
  premake integer NOT NULL DEFAULT 4,
  automatic_maintenance text NOT NULL DEFAULT 'on',
  template_table text,
  retention text,
  retention_schema text,
  retention_keep_table boolean NOT NULL DEFAULT true,
  retention_keep_index boolean NOT NULL DEFAULT true,
  infinite_time_partitions boolean NOT NULL DEFAULT false,
  datetime_string text,
  jobmon boolean NOT NULL DEFAULT true,
  inherit_privileges boolean DEFAULT false,
  constraint_cols text[],
  epoch text NOT NULL DEFAULT 'none'
);

CREATE FUNCTION @extschema@.create_parent(
  p_parent_table text, p_control text, p_interval text, p_type text DEFAULT 'range',
  p_epoch text DEFAULT 'none', p_premake integer DEFAULT 4, p_start_partition text DEFAULT NULL,
  p_default_table boolean DEFAULT true, p_automatic_maintenance text DEFAULT 'on',
  p_constraint_cols text[] DEFAULT NULL, p_template_table text DEFAULT NULL,
  p_jobmon boolean DEFAULT true, p_date_trunc_interval text DEFAULT NULL,
  p_control_not_null boolean DEFAULT true, p_time_encoder text DEFAULT NULL,
  p_time_decoder text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
  parent regclass := p_parent_table::regclass;
  default_name text := split_part(p_parent_table, '.', -1) || '_default';
  parent_schema text := (SELECT nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                          WHERE c.oid = parent);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_partitioned_table WHERE partrelid = parent) THEN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
      MESSAGE = format('%s is not a partitioned table', p_parent_table);
  END IF;
  INSERT INTO @extschema@.part_config (parent_table, control, partition_interval, partition_type,
                                       premake, automatic_maintenance, template_table, jobmon,
                                       constraint_cols, epoch)
  VALUES (p_parent_table, p_control, p_interval, p_type, p_premake, p_automatic_maintenance,
          p_template_table, p_jobmon, p_constraint_cols, p_epoch);
  IF p_default_table AND NOT EXISTS (
      SELECT FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = parent AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT') THEN
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s DEFAULT', parent_schema, default_name, parent);
  END IF;
  RETURN true;
END
$$;
CREATE FUNCTION @extschema@.run_maintenance(
  p_parent_table text DEFAULT NULL, p_analyze boolean DEFAULT false, p_jobmon boolean DEFAULT true)
RETURNS void
LANGUAGE sql AS $$ SELECT $$;
CREATE PROCEDURE @extschema@.run_maintenance_proc(
  p_wait integer DEFAULT 0, p_analyze boolean DEFAULT false, p_jobmon boolean DEFAULT true)
LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION @extschema@.undo_partition(
  p_parent_table text, p_target_table text DEFAULT NULL, p_loop_count integer DEFAULT 1,
  p_batch_interval text DEFAULT NULL, p_keep_table boolean DEFAULT true,
  p_lock_wait numeric DEFAULT 0, p_ignored_columns text[] DEFAULT NULL,
  p_drop_cascade boolean DEFAULT false, OUT partitions_undone integer, OUT rows_undone bigint)
RETURNS record
LANGUAGE sql
AS $$
  WITH gone AS (DELETE FROM @extschema@.part_config WHERE parent_table = p_parent_table RETURNING 1)
  SELECT 0, 0::bigint
$$;
CREATE FUNCTION @extschema@.show_partitions(
  p_parent_table text, p_order text DEFAULT 'ASC', p_include_default boolean DEFAULT false)
RETURNS TABLE (partition_schemaname text, partition_tablename text)
LANGUAGE sql
AS $$
  SELECT n.nspname::text, c.relname::text
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE i.inhparent = p_parent_table::regclass
     AND (p_include_default OR pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT')
$$;
