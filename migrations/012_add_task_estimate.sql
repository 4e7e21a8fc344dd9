ALTER TABLE tasks ADD COLUMN IF NOT EXISTS estimate_hours numeric(6, 2)
    CHECK (estimate_hours IS NULL OR estimate_hours >= 0);
ALTER TYPE task_status ADD VALUE IF NOT EXISTS 'cancelled' AFTER 'done';
