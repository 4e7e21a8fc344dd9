def log = new File(basedir, 'build.log').text

assert log.contains('Prepared the Supabase flavour')
assert log.contains('[2/2] Applied 20240301000100 - seed')
// The policies were checked as the authenticated role, between migrate and stop.
assert log.contains('Running it.TodoPoliciesIT')
assert log.contains('Tests run: 4, Failures: 0, Errors: 0, Skipped: 0')
assert log.indexOf('Applied 20240301000100') < log.indexOf('Running it.TodoPoliciesIT')
assert log.indexOf('Running it.TodoPoliciesIT') < log.indexOf('Stopped embedded PostgreSQL')
assert log.contains('BUILD SUCCESS')
return true
