import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// The dry run printed the exact SQL and changed nothing...
assert log.contains('[INFO] -- Dry run: nothing below has been executed.')
assert log.contains('[INFO] ALTER TABLE customers DROP COLUMN email;')
assert log =~ /\[INFO\] DELETE FROM "public"\."pgkeeper_history" WHERE installed_rank = 2;/
// ...and the real rollback undid 002 only.
assert log.contains('Rolled back 002 migrations/002_add_customer_email.sql')
assert log.contains('Rolled back 1 migration(s).')

def status = new JsonSlurper().parse(new File(basedir, 'target/db-status.json'))
assert status.currentVersion == '001'
assert status.migrations*.state == ['applied', 'pending']
return true
