-- migrate:up
ALTER TABLE customers ADD COLUMN tier text;
-- The bug of this release: every amount is lost.
UPDATE orders SET amount = 0;

-- migrate:down
ALTER TABLE customers DROP COLUMN tier;
