import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// The bad release ran and was rolled back...
assert log.contains('Rolled back 003 release/003_bad_release.sql')
// ...then the backup replaced the damaged rows, in one transaction, table by table.
assert log.contains('clean: emptying 2 table(s) that hold rows')
assert log =~ /public\.orders: 5,000 rows, [\d.]+ MB in [\d.]+ s \([\d.]+ MB\/s\)/
assert log =~ /Restore complete: 2 table\(s\), 5,500 rows, .* schema at version 002\./

def status = new JsonSlurper().parse(new File(basedir, 'target/db-status.json'))
assert status.currentVersion == '002'

// Second invocation: an empty database rebuilt from the archive's own migrations.
assert log.contains("Rebuilt the schema from the archive's 2 migration(s), up to version 002")
assert log =~ /Restore complete: 2 table\(s\), 5,500 rows, .*schema rebuilt from the archive's migrations/
return true
