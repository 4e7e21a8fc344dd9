-- pgkeeper stand-in for pgTAP (https://pgtap.org): the common assertions, written anew in SQL, with
-- pgTAP's names and TAP output ("ok 1 - ..." / "not ok 2 - ..."), so the tests of a Supabase
-- project (supabase/tests/*.sql: plan, the assertions, finish) run. Less common assertions are
-- not there. The test counter lives in a temporary table of the session, as pgTAP's does.
CREATE FUNCTION @extschema@._tap_counter() RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
  IF to_regclass('pg_temp.pgkeeper_tap') IS NULL THEN
    CREATE TEMPORARY TABLE pgkeeper_tap (id serial PRIMARY KEY, passed boolean NOT NULL, planned integer);
  END IF;
END
$$;

CREATE FUNCTION @extschema@.plan(integer) RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM @extschema@._tap_counter();
  DELETE FROM pg_temp.pgkeeper_tap;
  INSERT INTO pg_temp.pgkeeper_tap (id, passed, planned) VALUES (0, true, $1);
  RETURN '1..' || $1;
END
$$;
CREATE FUNCTION @extschema@.no_plan() RETURNS SETOF boolean
LANGUAGE plpgsql
AS $$
BEGIN
  PERFORM @extschema@._tap_counter();
  DELETE FROM pg_temp.pgkeeper_tap;
  INSERT INTO pg_temp.pgkeeper_tap (id, passed, planned) VALUES (0, true, NULL);
END
$$;

CREATE FUNCTION @extschema@.ok(boolean, text) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  number integer;
BEGIN
  PERFORM @extschema@._tap_counter();
  INSERT INTO pg_temp.pgkeeper_tap (id, passed)
  VALUES ((SELECT coalesce(max(id), 0) + 1 FROM pg_temp.pgkeeper_tap), coalesce($1, false))
  RETURNING id INTO number;
  RETURN CASE WHEN coalesce($1, false) THEN '' ELSE 'not ' END || 'ok ' || number
         || CASE WHEN coalesce($2, '') <> '' THEN ' - ' || $2 ELSE '' END
         || CASE WHEN coalesce($1, false) THEN '' ELSE E'\n# Failed test ' || number
                 || CASE WHEN coalesce($2, '') <> '' THEN ': "' || $2 || '"' ELSE '' END END;
END
$$;
CREATE FUNCTION @extschema@.ok(boolean) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok($1, NULL) $$;
CREATE FUNCTION @extschema@.pass(text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok(true, $1) $$;
CREATE FUNCTION @extschema@.fail(text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok(false, $1) $$;
CREATE FUNCTION @extschema@.diag(msg text) RETURNS text
LANGUAGE sql AS $$ SELECT '# ' || replace(msg, E'\n', E'\n# ') $$;

CREATE FUNCTION @extschema@.is(anyelement, anyelement, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  result text := @extschema@.ok($1 IS NOT DISTINCT FROM $2, $3);
BEGIN
  IF $1 IS DISTINCT FROM $2 THEN
    result := result || E'\n#         have: ' || coalesce($1::text, 'NULL')
                     || E'\n#         want: ' || coalesce($2::text, 'NULL');
  END IF;
  RETURN result;
END
$$;
CREATE FUNCTION @extschema@.isnt(anyelement, anyelement, text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok($1 IS DISTINCT FROM $2, $3) $$;
CREATE FUNCTION @extschema@.matches(anyelement, text, text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok($1::text ~ $2, $3) $$;
CREATE FUNCTION @extschema@.imatches(anyelement, text, text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok($1::text ~* $2, $3) $$;
CREATE FUNCTION @extschema@.alike(anyelement, text, text DEFAULT NULL) RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.ok($1::text LIKE $2, $3) $$;

CREATE FUNCTION @extschema@.has_table(name, name, text) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname = $1 AND c.relname = $2
                                   AND c.relkind IN ('r', 'p')), $3)
$$;
CREATE FUNCTION @extschema@.has_table(name, text DEFAULT NULL) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(EXISTS (SELECT FROM pg_class c WHERE c.relname = $1
                                   AND c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)),
                        coalesce($2, 'Table ' || quote_ident($1) || ' should exist'))
$$;
CREATE FUNCTION @extschema@.hasnt_table(name, text DEFAULT NULL) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(NOT EXISTS (SELECT FROM pg_class c WHERE c.relname = $1
                                       AND c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)),
                        coalesce($2, 'Table ' || quote_ident($1) || ' should not exist'))
$$;
CREATE FUNCTION @extschema@.has_column(name, name, name, text) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                                  JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname = $1 AND c.relname = $2 AND a.attname = $3
                                   AND a.attnum > 0 AND NOT a.attisdropped), $4)
$$;
CREATE FUNCTION @extschema@.has_column(name, name, text DEFAULT NULL) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(EXISTS (SELECT FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                                 WHERE c.relname = $1 AND a.attname = $2 AND pg_table_is_visible(c.oid)
                                   AND a.attnum > 0 AND NOT a.attisdropped),
                        coalesce($3, 'Column ' || quote_ident($1) || '.' || quote_ident($2) || ' should exist'))
$$;
CREATE FUNCTION @extschema@.has_function(name, text DEFAULT NULL) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(EXISTS (SELECT FROM pg_proc p WHERE p.proname = $1
                                   AND pg_function_is_visible(p.oid)),
                        coalesce($2, 'Function ' || quote_ident($1) || '() should exist'))
$$;
CREATE FUNCTION @extschema@.has_function(name, name, text) RETURNS text
LANGUAGE sql
AS $$
  SELECT @extschema@.ok(EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                 WHERE n.nspname = $1 AND p.proname = $2), $3)
$$;

CREATE FUNCTION @extschema@.lives_ok(text, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
BEGIN
  EXECUTE $1;
  RETURN @extschema@.ok(true, $2);
EXCEPTION WHEN OTHERS THEN
  RETURN @extschema@.ok(false, $2) || E'\n#         died: ' || SQLSTATE || ': ' || SQLERRM;
END
$$;
-- throws_ok(sql, errcode or message, message, description), as pgTAP reads its arguments.
CREATE FUNCTION @extschema@.throws_ok(text, text DEFAULT NULL, text DEFAULT NULL, text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  is_code boolean := $2 ~ '^[0-9A-Z]{5}$';
  want_code text := CASE WHEN is_code THEN $2 END;
  want_message text := CASE WHEN is_code THEN $3 ELSE $2 END;
  description text := coalesce(CASE WHEN is_code THEN $4 ELSE $3 END, 'threw ' || coalesce($2, 'an exception'));
BEGIN
  EXECUTE $1;
  RETURN @extschema@.ok(false, description) || E'\n#       caught: no exception';
EXCEPTION WHEN OTHERS THEN
  RETURN @extschema@.ok((want_code IS NULL OR SQLSTATE = want_code)
                        AND (want_message IS NULL OR SQLERRM = want_message), description)
         || CASE WHEN (want_code IS NULL OR SQLSTATE = want_code)
                      AND (want_message IS NULL OR SQLERRM = want_message) THEN ''
                 ELSE E'\n#       caught: ' || SQLSTATE || ': ' || SQLERRM END;
END
$$;
CREATE FUNCTION @extschema@.throws_ok(text, integer, text DEFAULT NULL, text DEFAULT NULL)
RETURNS text
LANGUAGE sql AS $$ SELECT @extschema@.throws_ok($1, lpad($2::text, 5, '0'), $3, $4) $$;

CREATE FUNCTION @extschema@.is_empty(text, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  found boolean;
BEGIN
  EXECUTE 'SELECT EXISTS (' || $1 || ')' INTO found;
  RETURN @extschema@.ok(NOT found, $2);
END
$$;
CREATE FUNCTION @extschema@.isnt_empty(text, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  found boolean;
BEGIN
  EXECUTE 'SELECT EXISTS (' || $1 || ')' INTO found;
  RETURN @extschema@.ok(found, $2);
END
$$;
-- The two queries return the same rows in the same order (compared as text).
CREATE FUNCTION @extschema@.results_eq(text, text, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  have text[];
  want text[];
BEGIN
  EXECUTE 'SELECT array_agg(r::text) FROM (' || $1 || ') r' INTO have;
  EXECUTE 'SELECT array_agg(r::text) FROM (' || $2 || ') r' INTO want;
  RETURN @extschema@.ok(have IS NOT DISTINCT FROM want, $3);
END
$$;
CREATE FUNCTION @extschema@.set_eq(text, text, text DEFAULT NULL) RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
  have text[];
  want text[];
BEGIN
  EXECUTE 'SELECT array_agg(r::text ORDER BY r::text) FROM (' || $1 || ') r' INTO have;
  EXECUTE 'SELECT array_agg(r::text ORDER BY r::text) FROM (' || $2 || ') r' INTO want;
  RETURN @extschema@.ok(have IS NOT DISTINCT FROM want, $3);
END
$$;

CREATE FUNCTION @extschema@.finish(exception_on_failure boolean DEFAULT NULL) RETURNS SETOF text
LANGUAGE plpgsql
AS $$
DECLARE
  planned integer;
  ran integer;
  failed integer;
BEGIN
  PERFORM @extschema@._tap_counter();
  SELECT t.planned INTO planned FROM pg_temp.pgkeeper_tap t WHERE id = 0;
  SELECT count(*) FILTER (WHERE id > 0), count(*) FILTER (WHERE id > 0 AND NOT passed)
    INTO ran, failed FROM pg_temp.pgkeeper_tap;
  IF planned IS NULL THEN
    RETURN NEXT '1..' || ran;
  ELSIF planned <> ran THEN
    RETURN NEXT '# Looks like you planned ' || planned || ' tests but ran ' || ran;
  END IF;
  IF failed > 0 THEN
    RETURN NEXT '# Looks like you failed ' || failed || ' test' || CASE WHEN failed > 1 THEN 's' ELSE '' END
                || ' of ' || ran;
    IF exception_on_failure THEN
      RAISE EXCEPTION '% test(s) failed', failed;
    END IF;
  END IF;
END
$$;
