-- pgkeeper stand-in for pg_jsonschema (https://github.com/supabase/pg_jsonschema): the real functions,
-- backed by a JSON Schema validator written in PL/pgSQL that knows the common keywords: type, enum,
-- const, properties, required, additionalProperties, min/maxProperties, items (one schema or a
-- tuple), min/maxItems, uniqueItems, min/maxLength, pattern (as a PostgreSQL regular expression),
-- minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, allOf, anyOf, oneOf and not.
-- Other keywords ($ref, format, if/then/else, patternProperties, ...) are accepted without being
-- checked, so such a schema lets through what the real extension would refuse.
CREATE FUNCTION @extschema@._jsonschema_errors(schema jsonb, instance jsonb, path text)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  errors text[] := ARRAY[]::text[];
  kind text := jsonb_typeof(instance);
  allowed text[];
  key text;
  sub jsonb;
  i integer;
  matching integer;
BEGIN
  IF jsonb_typeof(schema) = 'boolean' THEN
    RETURN CASE WHEN schema = 'false'::jsonb THEN ARRAY[path || ': false schema does not allow ' || instance::text]
                ELSE errors END;
  END IF;
  IF jsonb_typeof(schema) <> 'object' THEN
    RETURN errors;
  END IF;

  IF schema ? 'type' THEN
    allowed := CASE WHEN jsonb_typeof(schema -> 'type') = 'array'
                    THEN ARRAY(SELECT jsonb_array_elements_text(schema -> 'type'))
                    ELSE ARRAY[schema ->> 'type'] END;
    IF NOT (kind = ANY (allowed)
            OR (kind = 'number' AND 'integer' = ANY (allowed) AND instance::text::numeric % 1 = 0)) THEN
      errors := errors || (path || ': ' || instance::text || ' is not of type '
                           || array_to_string(allowed, ', '));
      RETURN errors;
    END IF;
  END IF;
  IF schema ? 'enum' AND NOT EXISTS (SELECT FROM jsonb_array_elements(schema -> 'enum') e WHERE e = instance) THEN
    errors := errors || (path || ': ' || instance::text || ' is not one of ' || (schema -> 'enum')::text);
  END IF;
  IF schema ? 'const' AND schema -> 'const' <> instance THEN
    errors := errors || (path || ': ' || instance::text || ' is not ' || (schema -> 'const')::text);
  END IF;

  IF kind = 'object' THEN
    FOR key IN SELECT jsonb_array_elements_text(coalesce(schema -> 'required', '[]')) LOOP
      IF NOT instance ? key THEN
        errors := errors || (path || ': "' || key || '" is a required property');
      END IF;
    END LOOP;
    FOR key, sub IN SELECT * FROM jsonb_each(instance) LOOP
      IF schema -> 'properties' ? key THEN
        errors := errors || @extschema@._jsonschema_errors(schema -> 'properties' -> key, sub, path || '/' || key);
      ELSIF schema ? 'additionalProperties' THEN
        errors := errors || CASE WHEN schema -> 'additionalProperties' = 'false'::jsonb
          THEN ARRAY[path || ': additional property "' || key || '" is not allowed']
          ELSE @extschema@._jsonschema_errors(schema -> 'additionalProperties', sub, path || '/' || key) END;
      END IF;
    END LOOP;
    IF schema ? 'minProperties' AND (SELECT count(*) FROM jsonb_object_keys(instance)) < (schema ->> 'minProperties')::integer THEN
      errors := errors || (path || ': has fewer than ' || (schema ->> 'minProperties') || ' properties');
    END IF;
    IF schema ? 'maxProperties' AND (SELECT count(*) FROM jsonb_object_keys(instance)) > (schema ->> 'maxProperties')::integer THEN
      errors := errors || (path || ': has more than ' || (schema ->> 'maxProperties') || ' properties');
    END IF;
  ELSIF kind = 'array' THEN
    IF jsonb_typeof(schema -> 'items') = 'array' THEN
      FOR i IN 0 .. least(jsonb_array_length(instance), jsonb_array_length(schema -> 'items')) - 1 LOOP
        errors := errors || @extschema@._jsonschema_errors(schema -> 'items' -> i, instance -> i, path || '/' || i);
      END LOOP;
    ELSIF schema ? 'items' THEN
      FOR i IN 0 .. jsonb_array_length(instance) - 1 LOOP
        errors := errors || @extschema@._jsonschema_errors(schema -> 'items', instance -> i, path || '/' || i);
      END LOOP;
    END IF;
    IF schema ? 'minItems' AND jsonb_array_length(instance) < (schema ->> 'minItems')::integer THEN
      errors := errors || (path || ': ' || instance::text || ' has less than ' || (schema ->> 'minItems') || ' items');
    END IF;
    IF schema ? 'maxItems' AND jsonb_array_length(instance) > (schema ->> 'maxItems')::integer THEN
      errors := errors || (path || ': ' || instance::text || ' has more than ' || (schema ->> 'maxItems') || ' items');
    END IF;
    IF schema -> 'uniqueItems' = 'true'::jsonb
       AND (SELECT count(DISTINCT e) <> count(*) FROM jsonb_array_elements(instance) e) THEN
      errors := errors || (path || ': ' || instance::text || ' has non-unique elements');
    END IF;
  ELSIF kind = 'string' THEN
    IF schema ? 'minLength' AND length(instance #>> '{}') < (schema ->> 'minLength')::integer THEN
      errors := errors || (path || ': ' || instance::text || ' is shorter than ' || (schema ->> 'minLength') || ' characters');
    END IF;
    IF schema ? 'maxLength' AND length(instance #>> '{}') > (schema ->> 'maxLength')::integer THEN
      errors := errors || (path || ': ' || instance::text || ' is longer than ' || (schema ->> 'maxLength') || ' characters');
    END IF;
    IF schema ? 'pattern' AND NOT (instance #>> '{}') ~ (schema ->> 'pattern') THEN
      errors := errors || (path || ': ' || instance::text || ' does not match ' || (schema -> 'pattern')::text);
    END IF;
  ELSIF kind = 'number' THEN
    IF schema ? 'minimum' AND instance::text::numeric < (schema ->> 'minimum')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is less than the minimum of ' || (schema ->> 'minimum'));
    END IF;
    IF schema ? 'maximum' AND instance::text::numeric > (schema ->> 'maximum')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is greater than the maximum of ' || (schema ->> 'maximum'));
    END IF;
    IF jsonb_typeof(schema -> 'exclusiveMinimum') = 'number'
       AND instance::text::numeric <= (schema ->> 'exclusiveMinimum')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is less than or equal to the minimum of ' || (schema ->> 'exclusiveMinimum'));
    END IF;
    IF jsonb_typeof(schema -> 'exclusiveMaximum') = 'number'
       AND instance::text::numeric >= (schema ->> 'exclusiveMaximum')::numeric THEN
      errors := errors || (path || ': ' || instance::text || ' is greater than or equal to the maximum of ' || (schema ->> 'exclusiveMaximum'));
    END IF;
    IF schema ? 'multipleOf' AND instance::text::numeric % (schema ->> 'multipleOf')::numeric <> 0 THEN
      errors := errors || (path || ': ' || instance::text || ' is not a multiple of ' || (schema ->> 'multipleOf'));
    END IF;
  END IF;

  IF schema ? 'allOf' THEN
    FOR sub IN SELECT jsonb_array_elements(schema -> 'allOf') LOOP
      errors := errors || @extschema@._jsonschema_errors(sub, instance, path);
    END LOOP;
  END IF;
  IF schema ? 'anyOf' AND NOT EXISTS (
      SELECT FROM jsonb_array_elements(schema -> 'anyOf') s
       WHERE cardinality(@extschema@._jsonschema_errors(s, instance, path)) = 0) THEN
    errors := errors || (path || ': ' || instance::text || ' is not valid under any of the given schemas');
  END IF;
  IF schema ? 'oneOf' THEN
    SELECT count(*) INTO matching FROM jsonb_array_elements(schema -> 'oneOf') s
     WHERE cardinality(@extschema@._jsonschema_errors(s, instance, path)) = 0;
    IF matching <> 1 THEN
      errors := errors || (path || ': ' || instance::text || ' is valid under ' || matching
                           || ' of the given schemas, not exactly one');
    END IF;
  END IF;
  IF schema ? 'not' AND cardinality(@extschema@._jsonschema_errors(schema -> 'not', instance, path)) = 0 THEN
    errors := errors || (path || ': ' || instance::text || ' is valid under the schema in "not"');
  END IF;
  RETURN errors;
END
$$;

CREATE FUNCTION @extschema@.jsonschema_validation_errors(schema json, instance json) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@._jsonschema_errors(schema::jsonb, instance::jsonb, '') $$;
CREATE FUNCTION @extschema@.json_matches_schema(schema json, instance json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT cardinality(@extschema@._jsonschema_errors(schema::jsonb, instance::jsonb, '')) = 0 $$;
CREATE FUNCTION @extschema@.jsonb_matches_schema(schema json, instance jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT cardinality(@extschema@._jsonschema_errors(schema::jsonb, instance, '')) = 0 $$;
-- A schema is valid when it is an object or a boolean whose known keywords have the right shape.
CREATE FUNCTION @extschema@.jsonschema_is_valid(schema json) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT jsonb_typeof(s) = 'boolean'
      OR (jsonb_typeof(s) = 'object'
          AND (NOT s ? 'type' OR jsonb_typeof(s -> 'type') IN ('string', 'array'))
          AND (NOT s ? 'required' OR jsonb_typeof(s -> 'required') = 'array')
          AND (NOT s ? 'properties' OR jsonb_typeof(s -> 'properties') = 'object')
          AND (NOT s ? 'enum' OR jsonb_typeof(s -> 'enum') = 'array'))
    FROM (SELECT schema::jsonb AS s) t
$$;
