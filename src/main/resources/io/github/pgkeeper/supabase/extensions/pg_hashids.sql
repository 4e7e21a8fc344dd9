-- pgkeeper stand-in for pg_hashids (https://github.com/iCyberon/pg_hashids): the Hashids algorithm
-- (https://hashids.org) written anew in PL/pgSQL, with the real functions and signatures, so ids
-- encode and decode exactly as with the real extension (id_encode(1001) is 'jNl').
CREATE FUNCTION @extschema@._hashids_shuffle(alphabet text, salt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  chars text[] := string_to_array(alphabet, NULL);
  v integer := 0;
  p integer := 0;
  c integer;
  j integer;
  swap text;
BEGIN
  IF salt = '' OR cardinality(chars) < 2 THEN
    RETURN alphabet;
  END IF;
  -- i counts from the last position down to 1, zero-based as in the reference implementation.
  FOR i IN REVERSE cardinality(chars) - 1 .. 1 LOOP
    v := v % length(salt);
    c := ascii(substr(salt, v + 1, 1));
    p := p + c;
    j := (c + v + p) % i;
    swap := chars[i + 1];
    chars[i + 1] := chars[j + 1];
    chars[j + 1] := swap;
    v := v + 1;
  END LOOP;
  RETURN array_to_string(chars, '');
END
$$;

-- The alphabet, separators and guards a salt and an alphabet give.
CREATE FUNCTION @extschema@._hashids_setup(
  salt text, alphabet text, OUT letters text, OUT separators text, OUT guards text)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  unique_letters text := (SELECT string_agg(ch, '' ORDER BY first_at)
                            FROM (SELECT ch, min(n) AS first_at
                                    FROM unnest(string_to_array(alphabet, NULL)) WITH ORDINALITY AS a(ch, n)
                                   GROUP BY ch) u);
  wanted integer;
  missing integer;
  guard_count integer;
BEGIN
  IF length(unique_letters) < 16 THEN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
      MESSAGE = 'alphabet must contain at least 16 unique characters';
  END IF;
  IF strpos(unique_letters, ' ') > 0 THEN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
      MESSAGE = 'alphabet cannot contain spaces';
  END IF;
  separators := (SELECT coalesce(string_agg(ch, '' ORDER BY n), '')
                   FROM unnest(string_to_array('cfhistuCFHISTU', NULL)) WITH ORDINALITY AS s(ch, n)
                  WHERE strpos(unique_letters, ch) > 0);
  letters := translate(unique_letters, separators, '');
  separators := @extschema@._hashids_shuffle(separators, salt);
  IF separators = '' OR length(letters)::numeric / length(separators) > 3.5 THEN
    wanted := greatest(ceil(length(letters) / 3.5)::integer, 2);
    IF wanted > length(separators) THEN
      missing := wanted - length(separators);
      separators := separators || left(letters, missing);
      letters := substr(letters, missing + 1);
    ELSE
      separators := left(separators, wanted);
    END IF;
  END IF;
  letters := @extschema@._hashids_shuffle(letters, salt);
  guard_count := ceil(length(letters) / 12.0)::integer;
  IF length(letters) < 3 THEN
    guards := left(separators, guard_count);
    separators := substr(separators, guard_count + 1);
  ELSE
    guards := left(letters, guard_count);
    letters := substr(letters, guard_count + 1);
  END IF;
END
$$;

CREATE FUNCTION @extschema@._hashids_encode(
  numbers bigint[], salt text, min_length integer, alphabet text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  setup record := @extschema@._hashids_setup(salt, alphabet);
  letters text := setup.letters;
  values_hash bigint := 0;
  lottery text;
  result text;
  last text;
  number bigint;
  half integer;
  excess integer;
BEGIN
  IF cardinality(numbers) = 0 THEN
    RETURN '';
  END IF;
  FOR i IN 1 .. cardinality(numbers) LOOP
    IF numbers[i] IS NULL OR numbers[i] < 0 THEN
      RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
        MESSAGE = 'hashids can only encode numbers that are 0 or greater';
    END IF;
    values_hash := values_hash + numbers[i] % (i - 1 + 100);
  END LOOP;
  lottery := substr(letters, (values_hash % length(letters))::integer + 1, 1);
  result := lottery;
  FOR i IN 1 .. cardinality(numbers) LOOP
    letters := @extschema@._hashids_shuffle(letters, left(lottery || salt || letters, length(letters)));
    number := numbers[i];
    last := '';
    LOOP
      last := substr(letters, (number % length(letters))::integer + 1, 1) || last;
      number := number / length(letters);
      EXIT WHEN number = 0;
    END LOOP;
    result := result || last;
    IF i < cardinality(numbers) THEN
      number := numbers[i] % (ascii(last) + i - 1);
      result := result || substr(setup.separators,
                                 (number % length(setup.separators))::integer + 1, 1);
    END IF;
  END LOOP;
  IF length(result) < min_length THEN
    result := substr(setup.guards,
                     ((values_hash + ascii(result)) % length(setup.guards))::integer + 1, 1) || result;
    IF length(result) < min_length THEN
      result := result || substr(setup.guards,
                  ((values_hash + ascii(substr(result, 3, 1))) % length(setup.guards))::integer + 1, 1);
    END IF;
  END IF;
  half := length(letters) / 2;
  WHILE length(result) < min_length LOOP
    letters := @extschema@._hashids_shuffle(letters, letters);
    result := substr(letters, half + 1) || result || left(letters, half);
    excess := length(result) - min_length;
    IF excess > 0 THEN
      result := substr(result, excess / 2 + 1, min_length);
    END IF;
  END LOOP;
  RETURN result;
END
$$;

CREATE FUNCTION @extschema@._hashids_decode(hashid text, salt text, min_length integer, alphabet text)
RETURNS bigint[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  setup record := @extschema@._hashids_setup(salt, alphabet);
  letters text := setup.letters;
  parts text[];
  breakdown text;
  lottery text;
  piece text;
  number bigint;
  result bigint[] := ARRAY[]::bigint[];
BEGIN
  IF hashid = '' THEN
    RETURN result;
  END IF;
  parts := string_to_array(translate(hashid, setup.guards, repeat(' ', length(setup.guards))), ' ');
  breakdown := parts[CASE WHEN cardinality(parts) IN (2, 3) THEN 2 ELSE 1 END];
  IF breakdown IS NULL OR breakdown = '' THEN
    RETURN result;
  END IF;
  lottery := left(breakdown, 1);
  breakdown := substr(breakdown, 2);
  FOREACH piece IN ARRAY string_to_array(
      translate(breakdown, setup.separators, repeat(' ', length(setup.separators))), ' ') LOOP
    letters := @extschema@._hashids_shuffle(letters, left(lottery || salt || letters, length(letters)));
    number := 0;
    FOR k IN 1 .. length(piece) LOOP
      IF strpos(letters, substr(piece, k, 1)) = 0 THEN
        RETURN ARRAY[]::bigint[];
      END IF;
      number := number * length(letters) + strpos(letters, substr(piece, k, 1)) - 1;
    END LOOP;
    result := result || number;
  END LOOP;
  -- As the reference does: only what encodes back to the same id counts.
  IF @extschema@._hashids_encode(result, salt, min_length, alphabet) <> hashid THEN
    RETURN ARRAY[]::bigint[];
  END IF;
  RETURN result;
END
$$;

CREATE FUNCTION @extschema@.id_encode(bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode(ARRAY[$1], '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_encode(bigint, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode(ARRAY[$1], $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_encode(bigint, text, integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode(ARRAY[$1], $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_encode(bigint, text, integer, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode(ARRAY[$1], $2, $3, $4) $$;
CREATE FUNCTION @extschema@.id_encode(bigint[]) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_encode(bigint[], text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_encode(bigint[], text, integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_encode(bigint[], text, integer, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_encode($1, $2, $3, $4) $$;

CREATE FUNCTION @extschema@.id_decode(text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_decode($1, '', 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_decode(text, text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_decode($1, $2, 0, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_decode(text, text, integer) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_decode($1, $2, $3, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890') $$;
CREATE FUNCTION @extschema@.id_decode(text, text, integer, text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._hashids_decode($1, $2, $3, $4) $$;
CREATE FUNCTION @extschema@.id_decode_once(text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT (@extschema@.id_decode($1))[1] $$;
CREATE FUNCTION @extschema@.id_decode_once(text, text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT (@extschema@.id_decode($1, $2))[1] $$;
CREATE FUNCTION @extschema@.id_decode_once(text, text, integer) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT (@extschema@.id_decode($1, $2, $3))[1] $$;
CREATE FUNCTION @extschema@.id_decode_once(text, text, integer, text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT (@extschema@.id_decode($1, $2, $3, $4))[1] $$;
