INSERT INTO customers (name) SELECT 'customer ' || g FROM generate_series(1, 500) g;
-- Some megabytes of archive: more than the writer's 1 MB buffer.
INSERT INTO orders (customer_id, note)
  SELECT 1 + g % 500, md5(g::text) || ' ' || md5((-g)::text) FROM generate_series(1, 60000) g;
