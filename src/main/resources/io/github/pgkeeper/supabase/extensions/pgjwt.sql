-- pgkeeper stand-in for pgjwt (https://github.com/michelp/pgjwt). pgjwt is itself plain SQL, so
-- this is a working implementation of its functions with the same signatures: HS256, HS384 and
-- HS512 JSON Web Tokens signed and verified with pgcrypto's hmac.
CREATE FUNCTION @extschema@.url_encode(data bytea) RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT translate(encode(data, 'base64'), E'+/=\n', '-_') $$;

CREATE FUNCTION @extschema@.url_decode(data text) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$
  SELECT decode(padded || repeat('=', (4 - length(padded) % 4) % 4), 'base64')
    FROM (SELECT translate(data, '-_', '+/') AS padded) t
$$;

CREATE FUNCTION @extschema@.algorithm_sign(signables text, secret text, algorithm text)
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT @extschema@.url_encode(@extschema:pgcrypto@.hmac(
    convert_to(signables, 'UTF8'),
    convert_to(secret, 'UTF8'),
    CASE algorithm WHEN 'HS256' THEN 'sha256' WHEN 'HS384' THEN 'sha384'
                   WHEN 'HS512' THEN 'sha512' ELSE '' END))
$$;

CREATE FUNCTION @extschema@.sign(payload json, secret text, algorithm text DEFAULT 'HS256')
RETURNS text
LANGUAGE sql IMMUTABLE
AS $$
  SELECT signables || '.' || @extschema@.algorithm_sign(signables, secret, algorithm)
    FROM (SELECT @extschema@.url_encode(convert_to('{"alg":"' || algorithm || '","typ":"JWT"}', 'UTF8'))
                 || '.' || @extschema@.url_encode(convert_to(payload::text, 'UTF8')) AS signables) s
$$;

CREATE FUNCTION @extschema@.try_cast_double(inp text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
  RETURN inp::double precision;
EXCEPTION WHEN OTHERS THEN
  RETURN NULL;
END
$$;

-- valid: the signature matches and now lies between nbf and exp (each optional).
CREATE FUNCTION @extschema@.verify(token text, secret text, algorithm text DEFAULT 'HS256')
RETURNS TABLE (header json, payload json, valid boolean)
LANGUAGE sql IMMUTABLE
AS $$
  SELECT jwt.header, jwt.payload,
         jwt.signature_ok AND tstzrange(
           to_timestamp(@extschema@.try_cast_double(jwt.payload ->> 'nbf')),
           to_timestamp(@extschema@.try_cast_double(jwt.payload ->> 'exp'))
         ) @> CURRENT_TIMESTAMP
    FROM (SELECT convert_from(@extschema@.url_decode(r[1]), 'UTF8')::json AS header,
                 convert_from(@extschema@.url_decode(r[2]), 'UTF8')::json AS payload,
                 r[3] = @extschema@.algorithm_sign(r[1] || '.' || r[2], secret, algorithm) AS signature_ok
            FROM regexp_split_to_array(token, '\.') r) jwt
$$;
