CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  referred_by bigint REFERENCES customers
);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers,
  amount numeric(12, 2) NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id);
