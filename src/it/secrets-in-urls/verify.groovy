def full = new File(basedir, 'build.log').text
// The instrument that reads the published password, maven-resources-plugin, dumps every property
// with -X ("properties used:"), db.password too: its dump is left out. Any plugin that dumps
// project properties does the same (docs/configuration.md says so); the assertions below are
// about everything else: Maven itself and this plugin.
def lines = full.readLines()
def kept = []
def inDump = false
lines.each { line ->
  if (line == '[DEBUG] properties used:') {
    inDump = true
  } else if (inDump && (line ==~ /\[DEBUG\] [^ ]+: .*/ || !line.startsWith('['))) {
    // a property of the dump, or a line of a value that spans lines
  } else {
    inDump = false
    kept << line
  }
}
assert kept.size() < lines.size() : 'the resources plugin dumped its properties'
def log = kept.join('\n')

// -X was on: Maven logged the password parameters, as the expressions they were configured with.
assert log.contains('(f) password = <password>${db.password}</password>')
assert log.contains('(f) password = <password>${db.embedded.password}</password>')

// 1: the generated password, published for the rest of the build, worked and was never printed.
def published = new File(basedir, 'target/published/db-password.txt').text.trim()
assert published ==~ /[A-Za-z0-9_-]{32}/ : 'db:start published a generated password'
assert !log.contains(published)
// 1 and 2: migrate and status connected with the published password, generated or configured.
assert log.count('[1/1] Applied 001 - create accounts') == 2

// 3: the user info of the JDBC URL became the credentials; the message points at DATABASE_URL.
assert log.contains('Cannot connect to jdbc:postgresql://127.0.0.1:1/postgres as app: ')
assert log.contains('Configure: the DATABASE_URL environment variable')
// 4 and 5: refused, naming the percent-encoding, with the password masked.
assert log.contains('The DATABASE_URL environment variable is not a valid postgres:// URL'
    + ' (a / ? or # in the user name or password is not percent-encoded):'
    + ' postgres://postgres:****@127.0.0.1:1/postgres')
assert log.contains('The DATABASE_URL environment variable is not a valid JDBC URL')
assert log.contains('/ as %2F') && log.contains('# as %23')
// 6: pgjdbc's own warning went through the plugin's log, masked.
assert log.contains('[WARNING] PostgreSQL driver: Definition of service [****] not found')
assert log.contains('password=****')
// 7: the exception chain Maven prints with -e is masked too.
assert log.contains('Caused by: ')

// No password reached the output, in any invocation.
assert !log.contains('CANARY')
return true
