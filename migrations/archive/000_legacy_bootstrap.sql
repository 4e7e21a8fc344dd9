-- Retired: kept for reference. Files in subfolders are not migrations by default.
CREATE TABLE legacy_settings (key text PRIMARY KEY, value text);
