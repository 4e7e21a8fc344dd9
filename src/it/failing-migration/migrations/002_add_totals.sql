ALTER TABLE invoices ADD COLUMN tax numeric(10, 2) NOT NULL DEFAULT 0;

-- "amount_total" does not exist: the build must fail here, on line 4.
UPDATE invoices SET tax = amount_total * 0.2;
