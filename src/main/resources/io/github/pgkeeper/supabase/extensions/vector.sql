-- pgkeeper stand-in for pgvector (https://github.com/pgvector/pgvector), without native code.
--
-- The types vector, halfvec and sparsevec keep their text as written (their input and output are
-- the built-in text functions, their type modifier the bit type's), so columns such as
-- embedding vector(1536) and values such as '[1,2,3]' work. A value stored into a column with a
-- dimension is checked and rewritten in the canonical form ('[1,2,3]'), as pgvector does.
-- Distances are computed in SQL, in double precision, so ORDER BY embedding <=> query returns the
-- right order. The index access methods hnsw and ivfflat exist, with pgvector's operator class
-- names, but their indexes are plain hash indexes that no query uses: every search is exact.

CREATE TYPE @extschema@.vector;

CREATE FUNCTION @extschema@.vector_in(cstring, oid, integer) RETURNS @extschema@.vector
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textin';
CREATE FUNCTION @extschema@.vector_out(@extschema@.vector) RETURNS cstring
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textout';
CREATE FUNCTION @extschema@.vector_typmod_in(cstring[]) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'bittypmodin';
CREATE FUNCTION @extschema@.vector_typmod_out(integer) RETURNS cstring
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'bittypmodout';
CREATE FUNCTION @extschema@.vector_recv(internal, oid, integer) RETURNS @extschema@.vector
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textrecv';
CREATE FUNCTION @extschema@.vector_send(@extschema@.vector) RETURNS bytea
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textsend';

CREATE TYPE @extschema@.vector (
  INPUT = @extschema@.vector_in,
  OUTPUT = @extschema@.vector_out,
  TYPMOD_IN = @extschema@.vector_typmod_in,
  TYPMOD_OUT = @extschema@.vector_typmod_out,
  RECEIVE = @extschema@.vector_recv,
  SEND = @extschema@.vector_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);

-- The elements of a vector's text: the one parser every function goes through.
CREATE FUNCTION @extschema@.vector_to_float4(v @extschema@.vector, typmod integer, explicit boolean)
RETURNS real[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  elements text := substring(v::text FROM '^\s*\[([^][{}"]*)\]\s*$');
  result real[];
BEGIN
  IF elements IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22P02',
      MESSAGE = format('invalid input syntax for type vector: "%s"', v::text);
  END IF;
  IF elements ~ '^\s*$' THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'vector must have at least 1 dimension';
  END IF;
  result := ('{' || elements || '}')::real[];
  IF EXISTS (SELECT FROM unnest(result) x WHERE x IN ('NaN'::real, 'Infinity'::real, '-Infinity'::real)) THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = 'NaN and infinite values not allowed in vector';
  END IF;
  RETURN result;
END
$$;

CREATE FUNCTION @extschema@._vector_from(elements real[]) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ('[' || array_to_string(elements, ',') || ']')::@extschema@.vector $$;

CREATE FUNCTION @extschema@._vector_elements(v @extschema@.vector) RETURNS real[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector_to_float4(v, -1, false) $$;

-- Both sides' elements, failing as pgvector does when the dimensions differ.
CREATE FUNCTION @extschema@._vector_pairs(a @extschema@.vector, b @extschema@.vector)
RETURNS TABLE (x double precision, y double precision)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  left_elements real[] := @extschema@._vector_elements(a);
  right_elements real[] := @extschema@._vector_elements(b);
BEGIN
  IF cardinality(left_elements) <> cardinality(right_elements) THEN
    RAISE EXCEPTION USING ERRCODE = '22000', MESSAGE = format(
      'different vector dimensions %s and %s', cardinality(left_elements), cardinality(right_elements));
  END IF;
  RETURN QUERY SELECT l::double precision, r::double precision
    FROM unnest(left_elements, right_elements) AS t(l, r);
END
$$;

-- Typmod coercion: a value stored into vector(n) must have n dimensions, and is normalised.
CREATE FUNCTION @extschema@.vector(v @extschema@.vector, typmod integer, explicit boolean)
RETURNS @extschema@.vector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  elements real[] := @extschema@._vector_elements(v);
BEGIN
  IF typmod > 0 AND cardinality(elements) <> typmod THEN
    RAISE EXCEPTION USING ERRCODE = '22000',
      MESSAGE = format('expected %s dimensions, not %s', typmod, cardinality(elements));
  END IF;
  RETURN @extschema@._vector_from(elements);
END
$$;
CREATE CAST (@extschema@.vector AS @extschema@.vector)
  WITH FUNCTION @extschema@.vector(@extschema@.vector, integer, boolean) AS IMPLICIT;

CREATE FUNCTION @extschema@.array_to_vector(real[], integer, boolean) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector(@extschema@._vector_from($1), $2, $3) $$;
CREATE FUNCTION @extschema@.array_to_vector(double precision[], integer, boolean)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector(@extschema@._vector_from($1::real[]), $2, $3) $$;
CREATE FUNCTION @extschema@.array_to_vector(integer[], integer, boolean) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector(@extschema@._vector_from($1::real[]), $2, $3) $$;
CREATE FUNCTION @extschema@.array_to_vector(numeric[], integer, boolean) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector(@extschema@._vector_from($1::real[]), $2, $3) $$;

CREATE CAST (real[] AS @extschema@.vector)
  WITH FUNCTION @extschema@.array_to_vector(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS @extschema@.vector)
  WITH FUNCTION @extschema@.array_to_vector(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (integer[] AS @extschema@.vector)
  WITH FUNCTION @extschema@.array_to_vector(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (numeric[] AS @extschema@.vector)
  WITH FUNCTION @extschema@.array_to_vector(numeric[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (@extschema@.vector AS real[])
  WITH FUNCTION @extschema@.vector_to_float4(@extschema@.vector, integer, boolean) AS IMPLICIT;

-- Distances and functions, as pgvector names them.
CREATE FUNCTION @extschema@.l2_distance(@extschema@.vector, @extschema@.vector)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sqrt(sum((x - y) * (x - y))) FROM @extschema@._vector_pairs($1, $2) $$;

CREATE FUNCTION @extschema@.inner_product(@extschema@.vector, @extschema@.vector)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sum(x * y) FROM @extschema@._vector_pairs($1, $2) $$;

CREATE FUNCTION @extschema@.vector_negative_inner_product(@extschema@.vector, @extschema@.vector)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT -sum(x * y) FROM @extschema@._vector_pairs($1, $2) $$;

-- NaN when either vector has no length, as pgvector answers.
CREATE FUNCTION @extschema@.cosine_distance(@extschema@.vector, @extschema@.vector)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN sum(x * x) = 0 OR sum(y * y) = 0 THEN 'NaN'::double precision
              ELSE 1 - greatest(-1, least(1, sum(x * y) / sqrt(sum(x * x) * sum(y * y)))) END
    FROM @extschema@._vector_pairs($1, $2)
$$;

CREATE FUNCTION @extschema@.l1_distance(@extschema@.vector, @extschema@.vector)
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sum(abs(x - y)) FROM @extschema@._vector_pairs($1, $2) $$;

CREATE FUNCTION @extschema@.vector_dims(@extschema@.vector) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT cardinality(@extschema@._vector_elements($1)) $$;

CREATE FUNCTION @extschema@.vector_norm(@extschema@.vector) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sqrt(sum(x::double precision * x)) FROM unnest(@extschema@._vector_elements($1)) x $$;

CREATE FUNCTION @extschema@.l2_normalize(@extschema@.vector) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT @extschema@._vector_from(array_agg(
           CASE WHEN norm = 0 THEN 0 ELSE x / norm END ORDER BY i)::real[])
    FROM unnest(@extschema@._vector_elements($1)) WITH ORDINALITY AS t(x, i),
         (SELECT @extschema@.vector_norm($1) AS norm) n
$$;

CREATE FUNCTION @extschema@.subvector(@extschema@.vector, integer, integer)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._vector_from((@extschema@._vector_elements($1))[$2 : $2 + $3 - 1]) $$;

CREATE FUNCTION @extschema@.binary_quantize(@extschema@.vector) RETURNS bit
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT string_agg(CASE WHEN x > 0 THEN '1' ELSE '0' END, '' ORDER BY i)::bit varying
    FROM unnest(@extschema@._vector_elements($1)) WITH ORDINALITY AS t(x, i)
$$;

CREATE FUNCTION @extschema@.vector_add(@extschema@.vector, @extschema@.vector)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._vector_from(array_agg(x + y)::real[]) FROM @extschema@._vector_pairs($1, $2) $$;

CREATE FUNCTION @extschema@.vector_sub(@extschema@.vector, @extschema@.vector)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._vector_from(array_agg(x - y)::real[]) FROM @extschema@._vector_pairs($1, $2) $$;

CREATE FUNCTION @extschema@.vector_mul(@extschema@.vector, @extschema@.vector)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._vector_from(array_agg(x * y)::real[]) FROM @extschema@._vector_pairs($1, $2) $$;

CREATE FUNCTION @extschema@.vector_concat(@extschema@.vector, @extschema@.vector)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._vector_from(@extschema@._vector_elements($1) || @extschema@._vector_elements($2)) $$;

-- Comparison, element by element: for ORDER BY, DISTINCT, GROUP BY and unique btree indexes.
CREATE FUNCTION @extschema@.vector_cmp(@extschema@.vector, @extschema@.vector) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN a < b THEN -1 WHEN a > b THEN 1 ELSE 0 END
    FROM (SELECT @extschema@._vector_elements($1) AS a, @extschema@._vector_elements($2) AS b) v
$$;
CREATE FUNCTION @extschema@.vector_lt(@extschema@.vector, @extschema@.vector) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT @extschema@.vector_cmp($1, $2) < 0 $$;
CREATE FUNCTION @extschema@.vector_le(@extschema@.vector, @extschema@.vector) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT @extschema@.vector_cmp($1, $2) <= 0 $$;
CREATE FUNCTION @extschema@.vector_eq(@extschema@.vector, @extschema@.vector) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT @extschema@.vector_cmp($1, $2) = 0 $$;
CREATE FUNCTION @extschema@.vector_ne(@extschema@.vector, @extschema@.vector) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT @extschema@.vector_cmp($1, $2) <> 0 $$;
CREATE FUNCTION @extschema@.vector_ge(@extschema@.vector, @extschema@.vector) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT @extschema@.vector_cmp($1, $2) >= 0 $$;
CREATE FUNCTION @extschema@.vector_gt(@extschema@.vector, @extschema@.vector) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT @extschema@.vector_cmp($1, $2) > 0 $$;

CREATE OPERATOR @extschema@.<-> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.l2_distance, COMMUTATOR = '<->');
CREATE OPERATOR @extschema@.<#> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_negative_inner_product, COMMUTATOR = '<#>');
CREATE OPERATOR @extschema@.<=> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.cosine_distance, COMMUTATOR = '<=>');
CREATE OPERATOR @extschema@.<+> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.l1_distance, COMMUTATOR = '<+>');
CREATE OPERATOR @extschema@.+ (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_add, COMMUTATOR = +);
CREATE OPERATOR @extschema@.- (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_sub);
CREATE OPERATOR @extschema@.* (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_mul, COMMUTATOR = *);
CREATE OPERATOR @extschema@.|| (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_concat);
CREATE OPERATOR @extschema@.< (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_lt, COMMUTATOR = >, NEGATOR = >=,
  RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_le, COMMUTATOR = >=, NEGATOR = >,
  RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_eq, COMMUTATOR = =, NEGATOR = <>,
  RESTRICT = eqsel, JOIN = eqjoinsel);
CREATE OPERATOR @extschema@.<> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_ne, COMMUTATOR = <>, NEGATOR = =,
  RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.>= (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_ge, COMMUTATOR = <=, NEGATOR = <,
  RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR @extschema@.> (LEFTARG = @extschema@.vector, RIGHTARG = @extschema@.vector,
  FUNCTION = @extschema@.vector_gt, COMMUTATOR = <, NEGATOR = <=,
  RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS @extschema@.vector_ops DEFAULT FOR TYPE @extschema@.vector USING btree AS
  OPERATOR 1 @extschema@.< ,
  OPERATOR 2 @extschema@.<= ,
  OPERATOR 3 @extschema@.= ,
  OPERATOR 4 @extschema@.>= ,
  OPERATOR 5 @extschema@.> ,
  FUNCTION 1 @extschema@.vector_cmp(@extschema@.vector, @extschema@.vector);

-- avg and sum: the state is {count, sum of each element}.
CREATE FUNCTION @extschema@.vector_accum(double precision[], @extschema@.vector)
RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN cardinality($1) = 0 THEN 1 || @extschema@._vector_elements($2)::double precision[]
    ELSE ($1[1] + 1) || (SELECT array_agg(s + x ORDER BY i)
                           FROM unnest($1[2:], @extschema@._vector_elements($2)::double precision[])
                                WITH ORDINALITY AS t(s, x, i)) END
$$;
CREATE FUNCTION @extschema@.vector_combine(double precision[], double precision[])
RETURNS double precision[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN cardinality($1) = 0 THEN $2 WHEN cardinality($2) = 0 THEN $1
    ELSE (SELECT array_agg(a + b ORDER BY i) FROM unnest($1, $2) WITH ORDINALITY AS t(a, b, i)) END
$$;
CREATE FUNCTION @extschema@.vector_avg(double precision[]) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN cardinality($1) > 0 THEN @extschema@._vector_from(
    (SELECT array_agg((s / $1[1])::real ORDER BY i) FROM unnest($1[2:]) WITH ORDINALITY AS t(s, i))) END
$$;
CREATE FUNCTION @extschema@.vector_sum(double precision[]) RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN cardinality($1) > 0 THEN @extschema@._vector_from($1[2:]::real[]) END
$$;
CREATE AGGREGATE @extschema@.avg(@extschema@.vector) (
  SFUNC = @extschema@.vector_accum, STYPE = double precision[], INITCOND = '{}',
  FINALFUNC = @extschema@.vector_avg, COMBINEFUNC = @extschema@.vector_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.sum(@extschema@.vector) (
  SFUNC = @extschema@.vector_accum, STYPE = double precision[], INITCOND = '{}',
  FINALFUNC = @extschema@.vector_sum, COMBINEFUNC = @extschema@.vector_combine, PARALLEL = SAFE);

-- halfvec: half precision in pgvector; here the same text as vector, computed through vector.
CREATE TYPE @extschema@.halfvec;
CREATE FUNCTION @extschema@.halfvec_in(cstring, oid, integer) RETURNS @extschema@.halfvec
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textin';
CREATE FUNCTION @extschema@.halfvec_out(@extschema@.halfvec) RETURNS cstring
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textout';
CREATE FUNCTION @extschema@.halfvec_recv(internal, oid, integer) RETURNS @extschema@.halfvec
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textrecv';
CREATE FUNCTION @extschema@.halfvec_send(@extschema@.halfvec) RETURNS bytea
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textsend';
CREATE TYPE @extschema@.halfvec (
  INPUT = @extschema@.halfvec_in,
  OUTPUT = @extschema@.halfvec_out,
  TYPMOD_IN = @extschema@.vector_typmod_in,
  TYPMOD_OUT = @extschema@.vector_typmod_out,
  RECEIVE = @extschema@.halfvec_recv,
  SEND = @extschema@.halfvec_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);

-- sparsevec: '{index:value,...}/dimensions', indexes from 1; computed through a dense vector.
CREATE TYPE @extschema@.sparsevec;
CREATE FUNCTION @extschema@.sparsevec_in(cstring, oid, integer) RETURNS @extschema@.sparsevec
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textin';
CREATE FUNCTION @extschema@.sparsevec_out(@extschema@.sparsevec) RETURNS cstring
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textout';
CREATE FUNCTION @extschema@.sparsevec_recv(internal, oid, integer) RETURNS @extschema@.sparsevec
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textrecv';
CREATE FUNCTION @extschema@.sparsevec_send(@extschema@.sparsevec) RETURNS bytea
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'textsend';
CREATE TYPE @extschema@.sparsevec (
  INPUT = @extschema@.sparsevec_in,
  OUTPUT = @extschema@.sparsevec_out,
  TYPMOD_IN = @extschema@.vector_typmod_in,
  TYPMOD_OUT = @extschema@.vector_typmod_out,
  RECEIVE = @extschema@.sparsevec_recv,
  SEND = @extschema@.sparsevec_send,
  INTERNALLENGTH = VARIABLE,
  STORAGE = extended
);

CREATE FUNCTION @extschema@.halfvec_to_vector(@extschema@.halfvec, integer, boolean)
RETURNS @extschema@.vector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector($1::text::@extschema@.vector, $2, $3) $$;
CREATE FUNCTION @extschema@.vector_to_halfvec(@extschema@.vector, integer, boolean)
RETURNS @extschema@.halfvec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector($1, $2, $3)::text::@extschema@.halfvec $$;
CREATE FUNCTION @extschema@.halfvec(@extschema@.halfvec, integer, boolean)
RETURNS @extschema@.halfvec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector($1::text::@extschema@.vector, $2, $3)::text::@extschema@.halfvec $$;
CREATE FUNCTION @extschema@.array_to_halfvec(real[], integer, boolean) RETURNS @extschema@.halfvec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.array_to_vector($1, $2, $3)::text::@extschema@.halfvec $$;
CREATE FUNCTION @extschema@.array_to_halfvec(double precision[], integer, boolean)
RETURNS @extschema@.halfvec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.array_to_vector($1::real[], $2, $3)::text::@extschema@.halfvec $$;
CREATE FUNCTION @extschema@.array_to_halfvec(integer[], integer, boolean) RETURNS @extschema@.halfvec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.array_to_vector($1::real[], $2, $3)::text::@extschema@.halfvec $$;
CREATE FUNCTION @extschema@.halfvec_to_float4(@extschema@.halfvec, integer, boolean) RETURNS real[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._vector_elements($1::text::@extschema@.vector) $$;

CREATE FUNCTION @extschema@.sparsevec_to_vector(@extschema@.sparsevec, integer, boolean)
RETURNS @extschema@.vector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  parts text[] := regexp_match($1::text, '^\s*\{([^{}]*)\}\s*/\s*([0-9]+)\s*$');
  elements real[];
  pair text[];
BEGIN
  IF parts IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '22P02',
      MESSAGE = format('invalid input syntax for type sparsevec: "%s"', $1::text);
  END IF;
  elements := array_fill(0::real, ARRAY[parts[2]::integer]);
  FOR pair IN SELECT regexp_match(entry, '^\s*([0-9]+)\s*:\s*(\S+)\s*$')
                FROM unnest(string_to_array(nullif(btrim(parts[1]), ''), ',')) AS entry LOOP
    IF pair IS NULL OR pair[1]::integer < 1 OR pair[1]::integer > cardinality(elements) THEN
      RAISE EXCEPTION USING ERRCODE = '22P02',
        MESSAGE = format('invalid input syntax for type sparsevec: "%s"', $1::text);
    END IF;
    elements[pair[1]::integer] := pair[2]::real;
  END LOOP;
  RETURN @extschema@.vector(@extschema@._vector_from(elements), $2, $3);
END
$$;
CREATE FUNCTION @extschema@.vector_to_sparsevec(@extschema@.vector, integer, boolean)
RETURNS @extschema@.sparsevec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT ('{' || coalesce(string_agg(i || ':' || x, ',' ORDER BY i) FILTER (WHERE x <> 0), '')
          || '}/' || count(*))::@extschema@.sparsevec
    FROM unnest(@extschema@._vector_elements(@extschema@.vector($1, $2, $3))) WITH ORDINALITY AS t(x, i)
$$;
CREATE FUNCTION @extschema@.sparsevec(@extschema@.sparsevec, integer, boolean)
RETURNS @extschema@.sparsevec
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector_to_sparsevec(@extschema@.sparsevec_to_vector($1, $2, $3), -1, false) $$;

CREATE CAST (@extschema@.halfvec AS @extschema@.halfvec)
  WITH FUNCTION @extschema@.halfvec(@extschema@.halfvec, integer, boolean) AS IMPLICIT;
CREATE CAST (@extschema@.halfvec AS @extschema@.vector)
  WITH FUNCTION @extschema@.halfvec_to_vector(@extschema@.halfvec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (@extschema@.vector AS @extschema@.halfvec)
  WITH FUNCTION @extschema@.vector_to_halfvec(@extschema@.vector, integer, boolean) AS IMPLICIT;
CREATE CAST (real[] AS @extschema@.halfvec)
  WITH FUNCTION @extschema@.array_to_halfvec(real[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (double precision[] AS @extschema@.halfvec)
  WITH FUNCTION @extschema@.array_to_halfvec(double precision[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (integer[] AS @extschema@.halfvec)
  WITH FUNCTION @extschema@.array_to_halfvec(integer[], integer, boolean) AS ASSIGNMENT;
CREATE CAST (@extschema@.halfvec AS real[])
  WITH FUNCTION @extschema@.halfvec_to_float4(@extschema@.halfvec, integer, boolean) AS IMPLICIT;
CREATE CAST (@extschema@.sparsevec AS @extschema@.sparsevec)
  WITH FUNCTION @extschema@.sparsevec(@extschema@.sparsevec, integer, boolean) AS IMPLICIT;
CREATE CAST (@extschema@.sparsevec AS @extschema@.vector)
  WITH FUNCTION @extschema@.sparsevec_to_vector(@extschema@.sparsevec, integer, boolean) AS ASSIGNMENT;
CREATE CAST (@extschema@.vector AS @extschema@.sparsevec)
  WITH FUNCTION @extschema@.vector_to_sparsevec(@extschema@.vector, integer, boolean) AS ASSIGNMENT;

-- The distance functions and operators of halfvec and sparsevec, through vector.
DO $kinds$
DECLARE
  kind text;
  fn record;
BEGIN
  FOREACH kind IN ARRAY ARRAY['halfvec', 'sparsevec'] LOOP
    FOR fn IN SELECT * FROM (VALUES
        ('l2_distance', 'l2_distance', '<->'),
        ('inner_product', 'inner_product', NULL),
        ('cosine_distance', 'cosine_distance', '<=>'),
        ('l1_distance', 'l1_distance', '<+>'),
        (kind || '_negative_inner_product', 'vector_negative_inner_product', '<#>'),
        ('l2_norm', 'vector_norm', NULL)) AS f(name, through, operator)
    LOOP
      IF fn.name = 'l2_norm' THEN
        EXECUTE format(
          'CREATE FUNCTION @extschema@.l2_norm(@extschema@.%1$I) RETURNS double precision'
          ' LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE'
          ' AS $f$ SELECT @extschema@.vector_norm($1::@extschema@.vector) $f$', kind);
        CONTINUE;
      END IF;
      EXECUTE format(
        'CREATE FUNCTION @extschema@.%1$I(@extschema@.%2$I, @extschema@.%2$I)'
        ' RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE'
        ' AS $f$ SELECT @extschema@.%3$I($1::@extschema@.vector, $2::@extschema@.vector) $f$',
        fn.name, kind, fn.through);
      IF fn.operator IS NOT NULL THEN
        EXECUTE format(
          'CREATE OPERATOR @extschema@.%1$s (LEFTARG = @extschema@.%2$I,'
          ' RIGHTARG = @extschema@.%2$I, FUNCTION = @extschema@.%3$I, COMMUTATOR = %1$s)',
          fn.operator, kind, fn.name);
      END IF;
    END LOOP;
    EXECUTE format(
      'CREATE FUNCTION @extschema@.l2_normalize(@extschema@.%1$I) RETURNS @extschema@.%1$I'
      ' LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE'
      ' AS $f$ SELECT @extschema@.l2_normalize($1::@extschema@.vector)::@extschema@.%1$I $f$', kind);
  END LOOP;
END
$kinds$;

CREATE FUNCTION @extschema@.vector_dims(@extschema@.halfvec) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.vector_dims($1::@extschema@.vector) $$;

-- Bit vectors: pgvector's distances on the built-in bit type.
CREATE FUNCTION @extschema@.hamming_distance(bit, bit) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT bit_count($1 # $2)::double precision $$;
CREATE FUNCTION @extschema@.jaccard_distance(bit, bit) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN bit_count($1 | $2) = 0 THEN 0
              ELSE 1 - bit_count($1 & $2)::double precision / bit_count($1 | $2) END
$$;
CREATE OPERATOR @extschema@.<~> (LEFTARG = bit, RIGHTARG = bit,
  FUNCTION = @extschema@.hamming_distance, COMMUTATOR = '<~>');
CREATE OPERATOR @extschema@.<%> (LEFTARG = bit, RIGHTARG = bit,
  FUNCTION = @extschema@.jaccard_distance, COMMUTATOR = '<%>');

-- The index access methods. No SQL can define an approximate nearest neighbour index, so hnsw and
-- ivfflat use the hash access method's handler: the index builds (hashing each value's text) and
-- is kept up to date, but PostgreSQL never uses it for ORDER BY, so every search is an exact scan.
-- A hash operator class cannot hold pgvector's ordering operators (the hash handler does not
-- order), so each class holds only its hash function. The hash handler knows no storage parameters:
-- WITH (m = ..., ef_construction = ..., lists = ...) would fail with "unrecognized parameter", so an
-- event trigger of the extension refuses them first with a message that says why.
CREATE FUNCTION @extschema@.vector_index_hash(@extschema@.vector) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.halfvec_index_hash(@extschema@.halfvec) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.sparsevec_index_hash(@extschema@.sparsevec) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.bit_index_hash(bit) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';

CREATE FUNCTION @extschema@.hnswhandler(internal) RETURNS index_am_handler
LANGUAGE internal AS 'hashhandler';
CREATE FUNCTION @extschema@.ivfflathandler(internal) RETURNS index_am_handler
LANGUAGE internal AS 'hashhandler';
CREATE ACCESS METHOD hnsw TYPE INDEX HANDLER @extschema@.hnswhandler;
CREATE ACCESS METHOD ivfflat TYPE INDEX HANDLER @extschema@.ivfflathandler;

DO $classes$
DECLARE
  class record;
BEGIN
  FOR class IN SELECT * FROM (VALUES
      ('hnsw', 'vector_l2_ops', 'vector'), ('hnsw', 'vector_ip_ops', 'vector'),
      ('hnsw', 'vector_cosine_ops', 'vector'), ('hnsw', 'vector_l1_ops', 'vector'),
      ('hnsw', 'halfvec_l2_ops', 'halfvec'), ('hnsw', 'halfvec_ip_ops', 'halfvec'),
      ('hnsw', 'halfvec_cosine_ops', 'halfvec'), ('hnsw', 'halfvec_l1_ops', 'halfvec'),
      ('hnsw', 'sparsevec_l2_ops', 'sparsevec'), ('hnsw', 'sparsevec_ip_ops', 'sparsevec'),
      ('hnsw', 'sparsevec_cosine_ops', 'sparsevec'), ('hnsw', 'sparsevec_l1_ops', 'sparsevec'),
      ('hnsw', 'bit_hamming_ops', 'bit'), ('hnsw', 'bit_jaccard_ops', 'bit'),
      ('ivfflat', 'vector_l2_ops', 'vector'), ('ivfflat', 'vector_ip_ops', 'vector'),
      ('ivfflat', 'vector_cosine_ops', 'vector'), ('ivfflat', 'halfvec_l2_ops', 'halfvec'),
      ('ivfflat', 'halfvec_ip_ops', 'halfvec'), ('ivfflat', 'halfvec_cosine_ops', 'halfvec'),
      ('ivfflat', 'bit_hamming_ops', 'bit')) AS c(method, name, type)
  LOOP
    EXECUTE format(
      'CREATE OPERATOR CLASS @extschema@.%1$I %2$s FOR TYPE %3$s USING %4$I AS'
      ' FUNCTION 1 @extschema@.%5$I(%3$s)',
      class.name,
      CASE WHEN class.name IN ('vector_l2_ops', 'halfvec_l2_ops', 'sparsevec_l2_ops')
           THEN 'DEFAULT' ELSE '' END,
      CASE WHEN class.type = 'bit' THEN 'bit' ELSE '@extschema@.' || class.type END,
      class.method, class.type || '_index_hash');
  END LOOP;
END
$classes$;

CREATE FUNCTION @extschema@._vector_refuse_index_options() RETURNS event_trigger
LANGUAGE plpgsql
AS $$
DECLARE
  found text[] := regexp_match(current_query(),
    '\musing\s+"?(hnsw|ivfflat)"?\s*\(.*\)\s*with\s*\(([^)]*)\)', 'is');
BEGIN
  IF found IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
      MESSAGE = format('The pgkeeper stand-in for pgvector cannot build a real %s index, so it cannot'
        ' take the storage parameters WITH (%s): PostgreSQL accepts only the parameters of the'
        ' access method its handler comes from. Create the index without the WITH clause on the'
        ' embedded server (the stand-in ignores them anyway: every search is exact), or run these'
        ' migrations against a real PostgreSQL server with pgvector by setting db.url instead of'
        ' using db:start.', lower(found[1]), btrim(found[2]));
  END IF;
END
$$;
CREATE EVENT TRIGGER pgkeeper_vector_index_options ON ddl_command_start
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION @extschema@._vector_refuse_index_options();
