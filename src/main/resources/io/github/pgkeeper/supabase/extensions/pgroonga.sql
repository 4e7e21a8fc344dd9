-- pgkeeper stand-in for PGroonga (https://pgroonga.github.io): the full text search operators with
-- the real names, matching in SQL (&@ is a case-insensitive substring match, &@~ requires every
-- word of the query, OR-ed alternatives and "-word" exclusions as Groonga's query syntax has them),
-- and the access method pgroonga, whose indexes are plain hash indexes that no query uses.
-- Scores are 0 and snippets are the text itself.
CREATE FUNCTION @extschema@.pgroonga_match_text(target text, term text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT strpos(lower(target), lower(term)) > 0 $$;

CREATE FUNCTION @extschema@.pgroonga_query_text(target text, query text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  -- Groonga's query syntax, roughly: "a b" both, "a OR b" either, "-a" not.
  SELECT coalesce(bool_or(alternative_matches), false)
    FROM (SELECT bool_and(CASE WHEN word LIKE '-%' AND length(word) > 1
                               THEN strpos(lower(target), lower(substr(word, 2))) = 0
                               ELSE strpos(lower(target), lower(trim(both '"' FROM word))) > 0 END)
                   AS alternative_matches
            FROM unnest(regexp_split_to_array(btrim(query), '\s+OR\s+')) WITH ORDINALITY AS a(alternative, n),
                 LATERAL unnest(regexp_split_to_array(btrim(alternative), '\s+')) AS word
           WHERE word <> ''
           GROUP BY n) alternatives
$$;

CREATE FUNCTION @extschema@.pgroonga_match_in_text(target text, terms text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT EXISTS (SELECT FROM unnest(terms) t WHERE strpos(lower(target), lower(t)) > 0) $$;

CREATE FUNCTION @extschema@.pgroonga_match_text_array(targets text[], term text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT EXISTS (SELECT FROM unnest(targets) t WHERE strpos(lower(t), lower(term)) > 0) $$;

CREATE FUNCTION @extschema@.pgroonga_query_text_array(targets text[], query text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.pgroonga_query_text(array_to_string(targets, ' '), query) $$;

CREATE FUNCTION @extschema@.pgroonga_regexp_text(target text, pattern text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT target ~ pattern $$;

CREATE OPERATOR @extschema@.&@ (LEFTARG = text, RIGHTARG = text,
  FUNCTION = @extschema@.pgroonga_match_text, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.&@~ (LEFTARG = text, RIGHTARG = text,
  FUNCTION = @extschema@.pgroonga_query_text, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.&@| (LEFTARG = text, RIGHTARG = text[],
  FUNCTION = @extschema@.pgroonga_match_in_text, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.&@ (LEFTARG = text[], RIGHTARG = text,
  FUNCTION = @extschema@.pgroonga_match_text_array, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.&@~ (LEFTARG = text[], RIGHTARG = text,
  FUNCTION = @extschema@.pgroonga_query_text_array, RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.&~ (LEFTARG = text, RIGHTARG = text,
  FUNCTION = @extschema@.pgroonga_regexp_text, RESTRICT = contsel, JOIN = contjoinsel);

CREATE FUNCTION @extschema@.pgroonga_score(tableoid oid, ctid tid) RETURNS double precision
LANGUAGE sql STABLE AS $$ SELECT 0::double precision $$;
CREATE FUNCTION @extschema@.pgroonga_score("row" record) RETURNS double precision
LANGUAGE plpgsql STABLE AS $$ BEGIN RETURN 0; END $$;
CREATE FUNCTION @extschema@.pgroonga_snippet_html(target text, keywords text[], width integer DEFAULT 200)
RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[left(target, width)] $$;
CREATE FUNCTION @extschema@.pgroonga_highlight_html(target text, keywords text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT target $$;
CREATE FUNCTION @extschema@.pgroonga_query_escape(query text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT regexp_replace(query, '([()"\\])', '\\\1', 'g') $$;
CREATE FUNCTION @extschema@.pgroonga_normalize(target text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT lower(target) $$;
CREATE FUNCTION @extschema@.pgroonga_command(groonga_command text) RETURNS text
LANGUAGE sql AS $$ SELECT '[[0,0,0],true]' $$;

CREATE FUNCTION @extschema@.pgroonga_index_hash_text(text) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.pgroonga_index_hash_text_array(text[]) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.pgroonga_index_hash_varchar(character varying) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.pgroonga_index_hash_jsonb(jsonb) RETURNS integer
LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE AS 'hashvarlena';
CREATE FUNCTION @extschema@.pgroonga_handler(internal) RETURNS index_am_handler
LANGUAGE internal AS 'hashhandler';
CREATE ACCESS METHOD pgroonga TYPE INDEX HANDLER @extschema@.pgroonga_handler;

DO $classes$
DECLARE
  class record;
BEGIN
  FOR class IN SELECT * FROM (VALUES
      ('pgroonga_text_full_text_search_ops_v2', 'text', true),
      ('pgroonga_text_term_search_ops_v2', 'text', false),
      ('pgroonga_text_regexp_ops_v2', 'text', false),
      ('pgroonga_text_array_full_text_search_ops_v2', 'text[]', true),
      ('pgroonga_text_array_term_search_ops_v2', 'text[]', false),
      ('pgroonga_varchar_full_text_search_ops_v2', 'character varying', false),
      ('pgroonga_varchar_term_search_ops_v2', 'character varying', true),
      ('pgroonga_jsonb_ops_v2', 'jsonb', true),
      ('pgroonga_text_full_text_search_ops', 'text', false),
      ('pgroonga_text_array_full_text_search_ops', 'text[]', false)) AS c(name, type, is_default)
  LOOP
    EXECUTE format(
      'CREATE OPERATOR CLASS @extschema@.%1$I %2$s FOR TYPE %3$s USING pgroonga AS'
      ' FUNCTION 1 @extschema@.%4$I(%3$s)',
      class.name, CASE WHEN class.is_default THEN 'DEFAULT' ELSE '' END, class.type,
      'pgroonga_index_hash_' || CASE class.type WHEN 'text[]' THEN 'text_array'
                                                WHEN 'character varying' THEN 'varchar'
                                                ELSE class.type END);
  END LOOP;
END
$classes$;
