CREATE TABLE vault_entries (name text PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now());
