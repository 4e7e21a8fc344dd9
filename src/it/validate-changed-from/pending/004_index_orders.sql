-- Not committed yet: still part of the change. Builds the index while blocking writes (a warning).
CREATE INDEX IF NOT EXISTS orders_customer ON orders (customer_id);
