-- The Supabase flavour, 5/6: the rest of the platform that migrations touch: the realtime
-- publication and messages, and GraphQL's public entry point.

-- Supabase Realtime streams the tables of this publication; projects add theirs with
-- ALTER PUBLICATION supabase_realtime ADD TABLE ...
CREATE PUBLICATION supabase_realtime;

-- Broadcast messages, as Supabase Realtime keeps them; realtime.send records one (nothing is
-- broadcast here).
CREATE TABLE realtime.messages (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  topic text NOT NULL,
  extension text NOT NULL,
  payload jsonb,
  event text,
  private boolean DEFAULT false,
  updated_at timestamp NOT NULL DEFAULT now(),
  inserted_at timestamp NOT NULL DEFAULT now(),
  PRIMARY KEY (id, inserted_at)
);
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true)
RETURNS void
LANGUAGE sql
AS $$
  INSERT INTO realtime.messages (payload, event, topic, private, extension)
  VALUES (payload, event, topic, private, 'broadcast')
$$;
COMMENT ON FUNCTION realtime.send(jsonb, text, text, boolean)
  IS 'pgkeeper stand-in: records the message in realtime.messages; nothing is broadcast';

CREATE FUNCTION realtime.topic() RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('realtime.topic', true), '')::text $$;

-- What Supabase answers while pg_graphql is not enabled.
CREATE FUNCTION graphql_public.graphql(
  "operationName" text DEFAULT NULL,
  query text DEFAULT NULL,
  variables jsonb DEFAULT NULL,
  extensions jsonb DEFAULT NULL
) RETURNS jsonb
LANGUAGE sql
AS $$
  SELECT jsonb_build_object('errors', jsonb_build_array(
    jsonb_build_object('message', 'pg_graphql extension is not enabled.')))
$$;
