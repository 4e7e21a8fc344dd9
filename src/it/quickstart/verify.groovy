def log = new File(basedir, 'build.log').text
def samples = new File(basedir, '../../../migrations').listFiles()
    .findAll { it.isFile() && it.name.endsWith('.sql') && !it.name.endsWith('.down.sql') }

assert samples.size() >= 10
assert log.contains("Applying ${samples.size()} migration(s)")
assert log.contains("Applied ${samples.size()} migration(s)")
// Status lists them all as applied, and nothing is pending.
assert !log.contains('Pending')
assert (log =~ /(?m)^\[INFO\] .*\bapplied\b/).size() >= samples.size()

// db:help -Ddetail: the parameters of migrate with their user properties.
assert log.contains('db:migrate')
assert log.contains('lockTimeout')
assert log.contains('User property: db.lockTimeout')
assert log.contains('User property: db.historyMode')
return true
