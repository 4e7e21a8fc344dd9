INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 500) g;
UPDATE customers SET referred_by = id + 1 WHERE id < 500;
INSERT INTO orders (customer_id, amount) SELECT 1 + g % 500, g / 100.0 FROM generate_series(1, 5000) g;
