-- pgkeeper stand-in for RUM (https://github.com/postgrespro/rum): the access method rum with the
-- operator class names, whose indexes are plain hash indexes that no query uses, and the distance
-- operator <=> between a tsvector and a tsquery, computed as 1 / ts_rank (infinity when the text
-- does not match), so ORDER BY body <=> query lists the best matches first.
CREATE FUNCTION @extschema@.rum_ts_distance(tsvector, tsquery) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN ts_rank($1, $2) > 0 THEN (1 / ts_rank($1, $2))::real ELSE 'Infinity'::real END
$$;
CREATE OPERATOR @extschema@.<=> (LEFTARG = tsvector, RIGHTARG = tsquery,
  FUNCTION = @extschema@.rum_ts_distance);
CREATE FUNCTION @extschema@.rum_ts_score(tsvector, tsquery) RETURNS real
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT ts_rank($1, $2) $$;

CREATE FUNCTION @extschema@.rum_index_hash_tsvector(tsvector) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.rum_index_hash_anyarray(anyarray) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.rumhandler(internal) RETURNS index_am_handler
LANGUAGE internal AS 'hashhandler';
CREATE ACCESS METHOD rum TYPE INDEX HANDLER @extschema@.rumhandler;

CREATE OPERATOR CLASS @extschema@.rum_tsvector_ops DEFAULT FOR TYPE tsvector USING rum AS
  FUNCTION 1 @extschema@.rum_index_hash_tsvector(tsvector);
CREATE OPERATOR CLASS @extschema@.rum_tsvector_hash_ops FOR TYPE tsvector USING rum AS
  FUNCTION 1 @extschema@.rum_index_hash_tsvector(tsvector);
CREATE OPERATOR CLASS @extschema@.rum_anyarray_ops DEFAULT FOR TYPE anyarray USING rum AS
  FUNCTION 1 @extschema@.rum_index_hash_anyarray(anyarray);
