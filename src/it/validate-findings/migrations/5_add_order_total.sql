ALTER TABLE orders ADD COLUMN IF NOT EXISTS total numeric(12, 2);
