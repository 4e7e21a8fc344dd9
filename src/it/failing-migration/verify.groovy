def log = new File(basedir, 'build.log').text

assert log.contains('[1/3] Applied 001 - create invoices')
assert log.contains('Migration 002 failed at migrations/002_add_totals.sql:4: ERROR: column "amount_total" does not exist [SQLSTATE 42703]')
assert log.contains('Migration 002 was rolled back; the migration before it in this run stays applied. Fix the script and run migrate again.')
assert !log.contains('Applied 003')
assert log.contains('BUILD FAILURE')
// The build failed before db:stop, yet the server did not outlive Maven.
assert !new File(basedir, 'target/pgkeeper/postgres/postmaster.pid').exists()
// Second invocation: the goal's own skip flag.
assert log.contains('Skipping db:migrate: db.migrate.skip is set.')
assert log.contains('BUILD SUCCESS')
return true
