-- An application's tables: users, and a large events table that refers to them.
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  occurred_at timestamptz NOT NULL,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  amount numeric(12, 2),
  digest text
);

CREATE INDEX events_user_id_idx ON events (user_id);
CREATE INDEX events_occurred_at_idx ON events (occurred_at);
