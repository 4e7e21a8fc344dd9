INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 500) g;
INSERT INTO orders (customer_id, total) SELECT 1 + g % 500, g * 1.25 FROM generate_series(1, 5000) g;
INSERT INTO sessions VALUES ('secret-token');
