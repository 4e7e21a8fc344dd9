-- Applied everywhere long ago; fails when run twice.
CREATE TABLE customers (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL
);
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
