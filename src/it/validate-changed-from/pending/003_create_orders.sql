-- A new migration written to run twice safely: nothing to report.
CREATE TABLE IF NOT EXISTS orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id)
);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
