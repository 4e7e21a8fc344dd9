-- pgkeeper stand-in for old_snapshot, which PostgreSQL 17 removed (Supabase offers it on 15).
CREATE FUNCTION @extschema@.pg_old_snapshot_time_mapping(
  OUT array_offset integer, OUT end_timestamp timestamptz, OUT newest_xmin xid)
RETURNS SETOF record
LANGUAGE sql AS $$ SELECT NULL::integer, NULL::timestamptz, NULL::xid WHERE false $$;
