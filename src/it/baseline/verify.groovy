def log = new File(basedir, 'build.log').text

// The schema made by other means (its own history table).
assert log.contains('Creating history table public.legacy_history')
assert log.contains('[2/2] Applied 002 - create invoices')

// Baseline records 001 and 002 without running them ...
assert log.contains('Creating history table public.pgkeeper_history')
assert log.contains('Baselined 001 - create customers (migrations/001_create_customers.sql)')
assert log.contains('Baselined 002 - create invoices (migrations/002_create_invoices.sql)')
assert log.contains('Baselined 2 migration(s) up to version 002 into public.pgkeeper_history, without running them. Current version: 002. 1 newer migration(s) pending; migrate applies them.')
// ... so migrate applies only 003.
assert log.contains('Applying 1 migration(s)')
assert log.contains('[1/1] Applied 003 - add invoice due date')
assert log =~ /001\s+\| create customers\s+\| applied\s+\| \d{4}-\d\d-\d\dT\S+\s+\| 0\s/
assert log.contains('3 migrations: 3 applied. Current version: 003.')
assert log.contains('Nothing to repair.')
assert log.contains('BUILD SUCCESS')

// Second invocation: without the baseline, 001 runs against the existing table and fails.
assert log.contains('Skipping db:baseline: db.baseline.skip is set.')
assert log.contains('relation "customers" already exists [SQLSTATE 42P07]')
assert log.contains('BUILD FAILURE')
return true
