def log = new File(basedir, 'build.log').text

// 1: the flavour is prepared, and every migration applies.
assert log.contains('Prepared the Supabase flavour (roles, auth, storage, extensions, stand-ins)')
assert log.contains('[1/5] Applied 20240101000000 - profiles')
assert log.contains('[4/5] Applied 20240104000000 - platform extensions')
assert log.contains('[5/5] Applied 20240105000000 - helpers')
assert log.contains('BUILD SUCCESS')

// 2: an unknown flavour names the parameter to change.
assert log.contains("Unknown embedded database flavor 'firebase'. Use one of: plain, supabase.")
assert log.contains('Configure: <flavor> (-Ddb.embedded.flavor=plain|supabase)')

// 3: PostGIS is refused with a message that says why and points at a real server.
assert log.contains('Migration 20240201000000 failed at refused/20240201000000_places.sql:3')
assert log.contains('cannot provide the extension "postgis" (PostGIS)')
assert log.contains('Run these migrations against a real PostgreSQL server that has it installed')
assert log.contains('[SQLSTATE 0A000]')
assert log.contains('BUILD FAILURE')
assert !new File(basedir, 'target/pgkeeper/postgres/postmaster.pid').exists()
return true
