-- pgkeeper stand-in for pg_net (https://github.com/supabase/pg_net). The functions have the real
-- signatures and queue the request in net.http_request_queue as pg_net does, returning its id,
-- but nothing is ever sent: no response ever arrives in net._http_response.
-- The schema becomes part of the extension only when the extension creates it (PostgreSQL will not
-- adopt an existing one with IF NOT EXISTS).
DO $schema$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'net') THEN
    CREATE SCHEMA net;
  END IF;
END
$schema$;

CREATE TABLE net.http_request_queue (
  id bigserial NOT NULL,
  method text NOT NULL,
  url text NOT NULL,
  headers jsonb NOT NULL,
  body bytea,
  timeout_milliseconds integer NOT NULL
);

CREATE TABLE net._http_response (
  id bigint,
  status_code integer,
  content_type text,
  headers jsonb,
  content text,
  timed_out boolean,
  error_msg text,
  created timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION net._queue(
  method text, url text, params jsonb, headers jsonb, body bytea, timeout_milliseconds integer
) RETURNS bigint
LANGUAGE sql
-- Queued for whoever calls (a trigger fired by the authenticated role, say), as on Supabase.
SECURITY DEFINER SET search_path = pg_catalog
AS $$
  INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
  SELECT method,
         url || coalesce('?' || (SELECT string_agg(key || '=' || value, '&')
                                  FROM jsonb_each_text(params)), ''),
         coalesce(headers, '{}'),
         body,
         timeout_milliseconds
  RETURNING id
$$;

CREATE FUNCTION net.http_get(
  url text,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{}'::jsonb,
  timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE sql
AS $$ SELECT net._queue('GET', url, params, headers, NULL, timeout_milliseconds) $$;

CREATE FUNCTION net.http_post(
  url text,
  body jsonb DEFAULT '{}'::jsonb,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{"Content-Type": "application/json"}'::jsonb,
  timeout_milliseconds integer DEFAULT 5000
) RETURNS bigint
LANGUAGE sql
AS $$
  SELECT net._queue('POST', url, params, headers, convert_to(body::text, 'UTF8'),
                    timeout_milliseconds)
$$;

CREATE FUNCTION net.http_delete(
  url text,
  params jsonb DEFAULT '{}'::jsonb,
  headers jsonb DEFAULT '{}'::jsonb,
  timeout_milliseconds integer DEFAULT 5000,
  body jsonb DEFAULT NULL
) RETURNS bigint
LANGUAGE sql
AS $$
  SELECT net._queue('DELETE', url, params, headers, convert_to(body::text, 'UTF8'),
                    timeout_milliseconds)
$$;

GRANT USAGE ON SCHEMA net TO PUBLIC;
GRANT SELECT ON net.http_request_queue, net._http_response TO PUBLIC;
