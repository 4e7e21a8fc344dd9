CREATE INDEX CONCURRENTLY IF NOT EXISTS plans_price_idx ON plans (price);
