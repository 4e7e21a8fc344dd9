import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def piped = new File(basedir, 'target/piped.tar')
def file = new File(basedir, 'target/file.tar')

// Both archives are intact: db:verify-backup read every byte of each.
assert log.contains("Backup ${piped.path} is intact") : log
assert log.contains("Backup ${file.path} is intact") : log

// Nothing but the archive came through the pipe: its first 512 bytes are a tar header (the magic
// "ustar" at offset 257; a colour code or a log line before it would shift it), and it is larger
// than the writer's 1 MB buffer.
byte[] first = new byte[512]
piped.withInputStream { assert it.readNBytes(first, 0, 512) == 512 }
assert new String(first, 257, 5, 'US-ASCII') == 'ustar'
assert piped.length() > 1024 * 1024 : piped.length()
def names = ['tar', '-tf', piped.path].execute().text.readLines()
assert names.first() == 'header.json' && names[-2..-1] == ['manifest.json', 'manifest.sha256'] : names

// The same rows as the file backup of the same database.
def manifest = { File archive ->
  def text = ['tar', '-xOf', archive.path, 'manifest.json'].execute().text
  new JsonSlurper().parseText(text).tables.collectEntries { [(it.name): it.rows] }
}
assert manifest(piped) == manifest(file)
assert manifest(piped) == [customers: 500, orders: 60000]
return true
