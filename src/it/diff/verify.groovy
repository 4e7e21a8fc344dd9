def log = new File(basedir, 'build.log').text

// The report names every drifted object, aligned, the changed table column by column.
assert log.contains('Compared schema(s) public of jdbc:postgresql://localhost:')
assert log.contains('with its migrations, built on an embedded PostgreSQL 17.')
assert log.contains('5 difference(s)')
assert log.contains('[INFO]   added    TABLE       public.handmade')
assert log.contains('[INFO]   added    CONSTRAINT  handmade_pkey ON public.handmade')
assert log.contains('[INFO]   added    INDEX       public.orders_shipped')
assert log.contains('[INFO]   removed  INDEX       public.orders_total')
assert log.contains('[INFO]   changed  TABLE       public.orders')
assert log.contains('[INFO]       column total    numeric(10,2) NOT NULL  ->  numeric(12,2) NOT NULL')
assert log.contains('[INFO]       column shipped  added: boolean')
assert log.contains('[INFO]       column note     removed (was text)')
// The history table is the migrations' bookkeeping, not drift.
assert !(log =~ /(added|removed|changed) +[A-Z ]+ +.*pgkeeper_history/)
// The throwaway shadow server is gone.
assert !new File(basedir, 'target/pgkeeper/diff-shadow/postmaster.pid').exists()

// db:status hints at the drift it sees cheaply: what no migration names.
assert log.contains('[WARNING] Drift: 2 table(s), view(s) or column(s) of the database are named in no migration, so they were probably made by hand: public.handmade, public.orders.shipped. Run db:diff')

// 1: failOnDrift fails the build, naming the count, and the log suggests the next migration's name.
assert log.contains('To adopt the drift into the history, write its migration: -Ddb.diff.output=migrations/V3__adopt_drift.sql')
assert log.contains('db:diff found 5 difference(s) between the live database and its migrations (failOnDrift is on).')

// 2: the adoption migration, with a warning above what loses data.
def adopted = new File(basedir, 'migrations/V3__adopt_drift.sql')
assert adopted.isFile()
def sql = adopted.text
assert sql.contains('-- WARNING: drops column note of public.orders and its values\nALTER TABLE public.orders DROP COLUMN note;')
assert sql.contains('CREATE TABLE public.handmade (id integer NOT NULL, label text);')
assert log.contains('Wrote the migration that adopts the drift to ')

// 3: with the adopted migration applied after the others, no drift is left.
assert log.contains('[INFO] Applied 3 migration(s)')
assert log.contains('No drift: the live schema is the one the migrations produce.')
assert log.contains('BUILD SUCCESS')
return true
