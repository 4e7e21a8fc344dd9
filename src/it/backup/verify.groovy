def log = new File(basedir, 'build.log').text

// The release backup: default name in backups/ (outside target/, so mvn clean keeps it).
def backups = new File(basedir, 'backups')
def archives = backups.listFiles().findAll { it.name.endsWith('.tar') }
assert archives.size() == 1 : backups.list()
def archive = archives[0]
assert archive.name ==~ /postgres-\d{8}T\d{6}Z\.tar/ : archive.name
assert !backups.list().any { it.endsWith('.incomplete') }

// Standard tools read it: tar lists header first, the schema, the parts, then the manifest and its
// checksum. The two small tables share a packed part; the manifest gives each one's range of it.
def listing = ['tar', '-tvf', archive.path].execute().text
def names = listing.readLines().collect { it.split(/\s+/)[-1] }
assert names.first() == 'header.json'
assert names[1] == 'schema.sql.zst'
assert names[-2..-1] == ['manifest.json', 'manifest.sha256']
assert names.contains('data/packed/000001.copy.zst') : names
def manifest = new groovy.json.JsonSlurper().parseText(['tar', '-xOf', archive.path, 'manifest.json'].execute().text)
def packed = manifest.entries.findAll { it.ranges }.collectMany { it.ranges*.table }
assert packed.any { it ==~ /\d{4}-public\.customers/ } : packed
assert packed.any { it ==~ /\d{4}-public\.orders/ } : packed
assert !names.any { it.contains('sessions') } : 'excludeData keeps no rows'
assert !names.any { it.contains('pgkeeper_history') } : 'the history goes into the header'
assert listing.readLines().every { it.startsWith('-rw-------') }

// The owner alone may read the file.
def permissions = java.nio.file.Files.getPosixFilePermissions(archive.toPath())
assert java.nio.file.attribute.PosixFilePermissions.toString(permissions) == 'rw-------'

// Progress and summary lines.
assert log =~ /2 small tables packed into one part: 5,500 rows, [\d.]+ MB \(5,500 rows, [\d.]+ MB of small tables so far, [\d.]+ MB\/s\); 2 of 2 tables done/
assert log =~ /Backup complete: 3 tables, 5,500 rows/
assert log.contains('Kept without data (excludeData): public.sessions')

// db:verify-backup on the release backup.
assert log.contains("Backup ${archive.path} is intact")
assert log =~ /Migrations: 2 recorded in public\.pgkeeper_history, current version 002/
assert log =~ /public\.customers\s+500 rows/

// Second invocation: the truncated archive is refused with a clear message.
assert log =~ /damaged\.tar (has no manifest|is truncated)[^\n]*Do not rely on it; take a new backup/
assert log.contains('BUILD FAILURE')
return true
