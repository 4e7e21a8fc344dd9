-- A clean migration: nothing to report.
CREATE TABLE IF NOT EXISTS customers (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL
);
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
