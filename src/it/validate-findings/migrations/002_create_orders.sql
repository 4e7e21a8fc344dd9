-- Orders belong to customers. The comment says CREATE TABLE orders; that is not a statement.
SELECT 'CREATE TABLE IF NOT EXISTS is missing below';
CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id)
);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
INSERT INTO orders (customer_id) SELECT id FROM customers;
