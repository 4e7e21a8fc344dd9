-- Applied everywhere; fails when run twice.
ALTER TABLE customers ADD COLUMN email text;
