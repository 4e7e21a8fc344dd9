import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

def status = new JsonSlurper().parse(new File(basedir, 'target/db-status.json'))
assert status.currentVersion == '002'
assert status.counts == [applied: 2, pending: 1]
assert status.migrations*.version == ['001', '002', '003']
assert status.migrations*.state == ['applied', 'applied', 'pending']
assert status.migrations[0].installedAt != null
assert status.migrations[2].installedAt == null

// The text table: one row per migration, then the summary.
assert log =~ /001\s+\| create orders\s+\| applied\s+\| \d{4}-\d\d-\d\dT/
assert log =~ /003\s+\| add order index\s+\| pending/
assert log.contains('3 migrations: 2 applied, 1 pending. Current version: 002.')

// Second invocation: failOnPending turns the pending migration into a build failure.
assert log.contains('1 migration(s) are not applied. Run db:migrate')
return true
