-- pgkeeper stand-in for pgRouting (https://pgrouting.org): pgr_version and the common shortest path
-- functions with the real signatures. The edges query is run (so a wrong one fails as it would),
-- but no route is ever found: every answer is empty.
CREATE FUNCTION @extschema@.pgr_version() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT '3.4.1 (pgkeeper stand-in)' $$;
CREATE FUNCTION @extschema@.pgr_full_version(
  OUT version text, OUT build_type text, OUT compile_date text, OUT library text,
  OUT system text, OUT postgresql text, OUT compiler text, OUT boost text, OUT hash text)
RETURNS record
LANGUAGE sql IMMUTABLE
AS $$ SELECT '3.4.1', 'stand-in', NULL, NULL, NULL, NULL, NULL, NULL, NULL $$;

CREATE FUNCTION @extschema@._pgr_check_edges(edges_sql text) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE 'SELECT count(*) FROM (' || edges_sql || ') edges';
END
$$;

CREATE FUNCTION @extschema@.pgr_dijkstra(
  text, bigint, bigint, directed boolean DEFAULT true,
  OUT seq integer, OUT path_seq integer, OUT node bigint, OUT edge bigint,
  OUT cost double precision, OUT agg_cost double precision)
RETURNS SETOF record
LANGUAGE plpgsql STRICT
AS $$ BEGIN PERFORM @extschema@._pgr_check_edges($1); END $$;
CREATE FUNCTION @extschema@.pgr_dijkstra(
  text, bigint, anyarray, directed boolean DEFAULT true,
  OUT seq integer, OUT path_seq integer, OUT end_vid bigint, OUT node bigint, OUT edge bigint,
  OUT cost double precision, OUT agg_cost double precision)
RETURNS SETOF record
LANGUAGE plpgsql STRICT
AS $$ BEGIN PERFORM @extschema@._pgr_check_edges($1); END $$;
CREATE FUNCTION @extschema@.pgr_astar(
  text, bigint, bigint, directed boolean DEFAULT true, heuristic integer DEFAULT 5,
  factor double precision DEFAULT 1.0, epsilon double precision DEFAULT 1.0,
  OUT seq integer, OUT path_seq integer, OUT node bigint, OUT edge bigint,
  OUT cost double precision, OUT agg_cost double precision)
RETURNS SETOF record
LANGUAGE plpgsql STRICT
AS $$ BEGIN PERFORM @extschema@._pgr_check_edges($1); END $$;
CREATE FUNCTION @extschema@.pgr_drivingdistance(
  text, bigint, double precision, directed boolean DEFAULT true,
  OUT seq bigint, OUT depth bigint, OUT start_vid bigint, OUT pred bigint, OUT node bigint,
  OUT edge bigint, OUT cost double precision, OUT agg_cost double precision)
RETURNS SETOF record
LANGUAGE plpgsql STRICT
AS $$ BEGIN PERFORM @extschema@._pgr_check_edges($1); END $$;
