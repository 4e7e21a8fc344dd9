import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// schema.sql.zst (format 3) is compressed: read it with the plugin's reader.
def schemaSql(File archive) {
  def reader = io.github.pgkeeper.core.archive.ArchiveReader.open(archive.toPath())
  try {
    return reader.schemaSql().get()
  } finally {
    reader.close()
  }
}

def entry(File archive, String name) {
  def process = ['tar', '-xOf', archive.path, name].execute()
  def text = process.text
  assert process.waitFor() == 0 : "no ${name} in ${archive}"
  return text
}

// The body of schema.sql: everything but the title, which names the database and the time.
def body(String schemaSql) {
  schemaSql.readLines().findAll {
    !(it ==~ /-- (The schema of database|Every object in dependency order|db:restore runs it).*/)
  }.join('\n')
}

def rows(File archive) {
  new JsonSlurper().parseText(entry(archive, 'manifest.json')).tables.collectEntries {
    ["${it.schema}.${it.name}".toString(), it.rows]
  }
}

// First invocation: the drifted database backed up, its schema in the archive.
def drifted = new File(basedir, 'drifted.tar')
def schema = schemaSql(drifted)
assert schema.contains('-- object: TABLE public.handmade')
assert schema.contains('-- object: INDEX public.orders_by_amount')
assert schema.contains('-- object: VIEW public.big_orders')
assert schema =~ /CREATE TABLE public\.customers \([^;]*nickname text/
assert log =~ /Schema: \d+ object\(s\) in schema\.sql\.zst, every object of the schemas reproduced/

// Second invocation: restored into an empty database from the archive's schema, not its migrations.
assert log =~ /Restore complete: 3 table\(s\), 5,503 rows, .*schema rebuilt from the archive's schema/
assert !log.contains("Rebuilt the schema from the archive's 2 migration(s)")

// The restored database, backed up again: the same schema, object for object, and the same rows.
def restored = new File(basedir, 'target/restored.tar')
assert body(schemaSql(restored)) == body(schema)
assert rows(restored) == rows(drifted)
assert rows(restored)['public.handmade'] == 3
return true
