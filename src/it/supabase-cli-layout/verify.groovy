def log = new File(basedir, 'build.log').text

// 1: the CLI's layout is found without configuration and applied in the CLI's order.
assert log.contains('No <locations> configured and migrations/ does not exist: using supabase/migrations, the Supabase CLI\'s folder.')
assert log.contains("Migrations run in the Supabase CLI's order, by file name (")
assert log.contains('[1/3] Applied 20230101120000 - create people')
assert log.contains('[2/3] Applied 20230315 - add email')
assert log.contains('[3/3] Applied 20230401120000 - create notes')
// The seed runs after the migrations, its files in config.toml's order, once per started database.
assert log.indexOf('Seeding data from supabase/seed.sql') > log.indexOf('[3/3] Applied 20230401120000')
assert log.indexOf('Seeding data from supabase/seeds/notes.sql') > log.indexOf('Seeding data from supabase/seed.sql')
assert log.count('Seeding data from supabase/seed.sql') == 1
assert log.contains('[1/1] Applied 99990101000000 - check seed')
assert log.contains('BUILD SUCCESS')

// 2: by version number, 20230315 runs first and fails on the table that does not exist yet.
assert log.contains('Migration 20230315 failed at supabase/migrations/20230315_add_email.sql:1')
assert log.contains('relation "public.people" does not exist')

// 3: with db.seed=false nothing is seeded, so the check migration fails.
assert log.contains('seed data missing: 0 people')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/pgkeeper/postgres/postmaster.pid').exists()
return true
