def log = new File(basedir, 'build.log').text
def created = new File(basedir, 'migrations/003_add_bookings.sql')

assert created.isFile()
def header = created.text
assert header.startsWith('-- Migration 003: add bookings\n-- Created ')
assert header.contains(' by db:new. Write the change below; it runs in one transaction.\n\n')
assert log.contains('Created migrations/003_add_bookings.sql')
// Only the one new file; the second invocation (no name) created nothing.
assert new File(basedir, 'migrations').list().sort() ==
    ['001_init.sql', '002_second.sql', '003_add_bookings.sql']
assert log.contains('The new migration needs a name')
assert log.contains('Configure: <name> (-Dname)')
return true
