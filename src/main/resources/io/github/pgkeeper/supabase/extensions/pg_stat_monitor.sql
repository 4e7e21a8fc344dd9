-- pgkeeper stand-in for pg_stat_monitor (https://github.com/percona/pg_stat_monitor): the view with
-- its commonly read columns and the reset function. Nothing is monitored: the view is empty.
CREATE FUNCTION @extschema@.pg_stat_monitor_internal(
  OUT bucket bigint, OUT bucket_start_time timestamptz, OUT userid oid, OUT username text,
  OUT dbid oid, OUT datname text, OUT client_ip inet, OUT pgsm_query_id bigint, OUT queryid bigint,
  OUT toplevel boolean, OUT top_queryid bigint, OUT query text, OUT comments text,
  OUT planid bigint, OUT query_plan text, OUT top_query text, OUT application_name text,
  OUT relations text[], OUT cmd_type integer, OUT cmd_type_text text, OUT elevel integer,
  OUT sqlcode text, OUT message text, OUT calls bigint, OUT total_exec_time double precision,
  OUT min_exec_time double precision, OUT max_exec_time double precision,
  OUT mean_exec_time double precision, OUT stddev_exec_time double precision, OUT rows bigint,
  OUT shared_blks_hit bigint, OUT shared_blks_read bigint, OUT cpu_user_time double precision,
  OUT cpu_sys_time double precision)
RETURNS SETOF record
LANGUAGE sql AS $$
  SELECT NULL::bigint, NULL::timestamptz, NULL::oid, NULL::text, NULL::oid, NULL::text,
         NULL::inet, NULL::bigint, NULL::bigint, NULL::boolean, NULL::bigint, NULL::text,
         NULL::text, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text[],
         NULL::integer, NULL::text, NULL::integer, NULL::text, NULL::text, NULL::bigint,
         NULL::double precision, NULL::double precision, NULL::double precision,
         NULL::double precision, NULL::double precision, NULL::bigint, NULL::bigint,
         NULL::bigint, NULL::double precision, NULL::double precision
   WHERE false
$$;
CREATE VIEW @extschema@.pg_stat_monitor AS SELECT * FROM @extschema@.pg_stat_monitor_internal();
CREATE FUNCTION @extschema@.pg_stat_monitor_reset() RETURNS void LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION @extschema@.pg_stat_monitor_version() RETURNS text
LANGUAGE sql AS $$ SELECT '2.1.0 (pgkeeper stand-in)' $$;
CREATE FUNCTION @extschema@.get_histogram_timings() RETURNS text
LANGUAGE sql AS $$ SELECT '' $$;
GRANT SELECT ON @extschema@.pg_stat_monitor TO PUBLIC;
