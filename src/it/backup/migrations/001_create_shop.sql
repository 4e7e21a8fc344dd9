CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE orders (
  id serial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers,
  total numeric(10, 2) NOT NULL
);
CREATE TABLE sessions (token text PRIMARY KEY);
