-- pgkeeper stand-in for HypoPG (https://github.com/HypoPG/hypopg): hypothetical indexes are kept in
-- a list with the real functions, but the planner never sees them (EXPLAIN does not use them).
CREATE TABLE @extschema@.hypopg_list (
  indexrelid oid PRIMARY KEY,
  index_name text NOT NULL,
  definition text NOT NULL,
  hidden boolean NOT NULL DEFAULT false
);
CREATE SEQUENCE @extschema@.hypopg_oid START 1000000000;

CREATE FUNCTION @extschema@.hypopg_create_index(sql_order text, OUT indexrelid oid, OUT indexname text)
RETURNS SETOF record
LANGUAGE sql STRICT
AS $$
  INSERT INTO @extschema@.hypopg_list (indexrelid, index_name, definition)
  SELECT nextval('@extschema@.hypopg_oid')::oid,
         '<' || currval('@extschema@.hypopg_oid') || '>btree_hypothetical', sql_order
  RETURNING indexrelid, index_name
$$;
CREATE FUNCTION @extschema@.hypopg_drop_index(indexid oid) RETURNS boolean
LANGUAGE sql STRICT
AS $$
  WITH gone AS (DELETE FROM @extschema@.hypopg_list WHERE indexrelid = indexid RETURNING 1)
  SELECT count(*) > 0 FROM gone
$$;
CREATE FUNCTION @extschema@.hypopg_reset() RETURNS void
LANGUAGE sql AS $$ DELETE FROM @extschema@.hypopg_list $$;
CREATE FUNCTION @extschema@.hypopg_reset_index() RETURNS void
LANGUAGE sql AS $$ DELETE FROM @extschema@.hypopg_list $$;
CREATE FUNCTION @extschema@.hypopg(
  OUT indexname text, OUT indexrelid oid, OUT indrelid oid, OUT innatts integer,
  OUT indisunique boolean, OUT indkey int2vector, OUT indcollation oidvector,
  OUT indclass oidvector, OUT indoption oidvector, OUT indexprs pg_node_tree,
  OUT indpred pg_node_tree, OUT amid oid)
RETURNS SETOF record
LANGUAGE sql
AS $$
  SELECT index_name, indexrelid, NULL::oid, NULL::integer, NULL::boolean, NULL::int2vector,
         NULL::oidvector, NULL::oidvector, NULL::oidvector, NULL::pg_node_tree,
         NULL::pg_node_tree, NULL::oid
    FROM @extschema@.hypopg_list
$$;
CREATE VIEW @extschema@.hypopg_list_indexes AS
  SELECT indexrelid AS index_id, index_name, NULL::name AS schema_name, NULL::name AS table_name,
         'btree'::name AS am_name
    FROM @extschema@.hypopg_list;
CREATE FUNCTION @extschema@.hypopg_get_indexdef(indexid oid) RETURNS text
LANGUAGE sql STRICT
AS $$ SELECT definition FROM @extschema@.hypopg_list WHERE indexrelid = indexid $$;
CREATE FUNCTION @extschema@.hypopg_relation_size(indexid oid) RETURNS bigint
LANGUAGE sql STRICT AS $$ SELECT 0::bigint $$;
CREATE FUNCTION @extschema@.hypopg_hide_index(indexid oid) RETURNS boolean
LANGUAGE sql STRICT AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.hypopg_unhide_index(indexid oid) RETURNS boolean
LANGUAGE sql STRICT AS $$ SELECT false $$;
CREATE FUNCTION @extschema@.hypopg_unhide_all_indexes() RETURNS void
LANGUAGE sql AS $$ SELECT $$;
CREATE FUNCTION @extschema@.hypopg_hidden_indexes() RETURNS TABLE (indexid oid)
LANGUAGE sql AS $$ SELECT NULL::oid WHERE false $$;
CREATE VIEW @extschema@.hypopg_hidden_indexes AS
  SELECT NULL::oid AS indexrelid, NULL::name AS index_name, NULL::name AS schema_name,
         NULL::name AS table_name, NULL::name AS am_name, NULL::boolean AS is_hypo
   WHERE false;
GRANT SELECT ON @extschema@.hypopg_list_indexes, @extschema@.hypopg_hidden_indexes TO PUBLIC;
