def log = new File(basedir, 'build.log').text

assert log.contains('Started embedded PostgreSQL')
assert log.contains('Shadow check: all migrations applied; running each a second time.')
assert log.contains('[ERROR] migrations/002_seed_plans.sql:[2,1] not-rerunnable: Running this migration a second time fails: ERROR: duplicate key value violates unique constraint "plans_pkey" [SQLSTATE 23505]')
// The re-runnable ones, including the one that runs without a transaction, are not reported.
assert !log.contains('001_create_plans.sql:[')
assert !log.contains('003_plan_index.sql:[')
assert log.contains('BUILD FAILURE')
// The throwaway server is gone.
assert !new File(basedir, 'target/pgkeeper/validate-shadow/postmaster.pid').exists()
// Second invocation: lowered to a warning.
assert log.contains('[WARNING] migrations/002_seed_plans.sql:[2,1] not-rerunnable:')
assert log.contains('BUILD SUCCESS')
// Third invocation: a Supabase set applies on a server of the configured flavour, and only the
// file that really fails a second run is reported.
assert log.contains('Shadow check: a throwaway plain server, since nothing marks a Supabase project')
assert log.contains('Shadow check: a throwaway supabase server, since the embedded flavor is configured as supabase.')
assert !log.contains('shadow-apply-failed')
assert log.contains('[ERROR] migrations-supabase/20240102000000_avatars_bucket.sql:[2,1] not-rerunnable: Running this migration a second time fails: ERROR: duplicate key value violates unique constraint "buckets_pkey" [SQLSTATE 23505]')
assert !log.contains('20240101000000_profiles.sql:[')
return true
