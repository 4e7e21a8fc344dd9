def log = new File(basedir, 'build.log').text

assert log.contains('Started embedded PostgreSQL 17.')
assert log =~ /Published db\.url=jdbc:postgresql:\/\/localhost:\d+\/postgres/
assert log.contains('[1/2] Applied 001 - create accounts')
assert log.contains('[2/2] Applied 002 - seed accounts')
// The test ran between migrate and stop, against the migrated schema.
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
assert log.indexOf('Applied 002') < log.indexOf('Running it.AccountsIT')
assert log.indexOf('Running it.AccountsIT') < log.indexOf('Stopped embedded PostgreSQL')
// The server is gone: PostgreSQL removes its pid file when it shuts down.
assert !new File(basedir, 'target/pgkeeper/postgres/postmaster.pid').exists()
return true
