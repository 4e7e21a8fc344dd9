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
return true
