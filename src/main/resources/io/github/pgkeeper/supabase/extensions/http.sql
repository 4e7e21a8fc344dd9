-- pgkeeper stand-in for pgsql-http (https://github.com/pramsey/pgsql-http): the types and the
-- commonly used functions with the real signatures. Nothing is sent: each call is recorded in
-- http_request_log, in the schema the extension is created in, and answered with a 200 without a
-- body: content is NULL, so code that parses it (content::json) gets NULL, not a JSON syntax error.
CREATE TYPE @extschema@.http_method AS ENUM ('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD');
CREATE DOMAIN @extschema@.content_type AS character varying;
CREATE TYPE @extschema@.http_header AS (field character varying, value character varying);
CREATE TYPE @extschema@.http_response AS (
  status integer,
  content_type character varying,
  headers @extschema@.http_header[],
  content character varying
);
CREATE TYPE @extschema@.http_request AS (
  method @extschema@.http_method,
  uri character varying,
  headers @extschema@.http_header[],
  content_type character varying,
  content character varying
);

CREATE TABLE @extschema@.http_request_log (
  id bigserial PRIMARY KEY,
  method text NOT NULL,
  uri text NOT NULL,
  content_type text,
  content text,
  requested_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION @extschema@.http(request @extschema@.http_request)
RETURNS @extschema@.http_response
LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog
AS $$
BEGIN
  INSERT INTO @extschema@.http_request_log (method, uri, content_type, content)
  VALUES (request.method::text, request.uri, request.content_type, request.content);
  RETURN ROW(200, NULL, ARRAY[]::@extschema@.http_header[], NULL)::@extschema@.http_response;
END
$$;

CREATE FUNCTION @extschema@.http_get(uri character varying)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$ SELECT @extschema@.http(ROW('GET', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;

CREATE FUNCTION @extschema@.http_get(uri character varying, data jsonb)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$
  SELECT @extschema@.http(ROW('GET',
    uri || coalesce('?' || (SELECT string_agg(key || '=' || value, '&') FROM jsonb_each_text(data)), ''),
    NULL, NULL, NULL)::@extschema@.http_request)
$$;

CREATE FUNCTION @extschema@.http_post(uri character varying, content character varying,
                                      content_type character varying)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$ SELECT @extschema@.http(ROW('POST', uri, NULL, content_type, content)::@extschema@.http_request) $$;

CREATE FUNCTION @extschema@.http_post(uri character varying, data jsonb)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$
  SELECT @extschema@.http(ROW('POST', uri, NULL, 'application/x-www-form-urlencoded',
    (SELECT string_agg(key || '=' || value, '&') FROM jsonb_each_text(data)))::@extschema@.http_request)
$$;

CREATE FUNCTION @extschema@.http_put(uri character varying, content character varying,
                                     content_type character varying)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$ SELECT @extschema@.http(ROW('PUT', uri, NULL, content_type, content)::@extschema@.http_request) $$;

CREATE FUNCTION @extschema@.http_patch(uri character varying, content character varying,
                                       content_type character varying)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$ SELECT @extschema@.http(ROW('PATCH', uri, NULL, content_type, content)::@extschema@.http_request) $$;

CREATE FUNCTION @extschema@.http_delete(uri character varying)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$ SELECT @extschema@.http(ROW('DELETE', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;

CREATE FUNCTION @extschema@.http_head(uri character varying)
RETURNS @extschema@.http_response
LANGUAGE sql
AS $$ SELECT @extschema@.http(ROW('HEAD', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;

CREATE FUNCTION @extschema@.http_header(field character varying, value character varying)
RETURNS @extschema@.http_header
LANGUAGE sql
AS $$ SELECT ROW(field, value)::@extschema@.http_header $$;

CREATE FUNCTION @extschema@.urlencode(string character varying) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
AS $$
  SELECT coalesce(string_agg(
    CASE WHEN b BETWEEN 48 AND 57 OR b BETWEEN 65 AND 90 OR b BETWEEN 97 AND 122
              OR b IN (45, 46, 95, 126)
         THEN chr(b) ELSE '%' || upper(lpad(to_hex(b), 2, '0')) END, '' ORDER BY i), '')
  FROM (SELECT i, get_byte(convert_to(string, 'UTF8'), i) AS b
          FROM generate_series(0, octet_length(convert_to(string, 'UTF8')) - 1) AS i) bytes
$$;

CREATE FUNCTION @extschema@.http_set_curlopt(curlopt character varying, value character varying)
RETURNS boolean
LANGUAGE sql
AS $$ SELECT true $$;

CREATE FUNCTION @extschema@.http_reset_curlopt() RETURNS boolean
LANGUAGE sql
AS $$ SELECT true $$;
