def log = new File(basedir, 'build.log').text

// Invocation 1 connected with the decrypted password.
assert log.contains('[1/1] Applied 001 - create secrets')
// Invocation 2 was refused, and the message names what to change.
assert log.contains('Authentication failed for jdbc:postgresql://localhost:')
// The password came from the settings.xml server: that is what the message points at.
assert log.contains('Configure: <serverId> (-Ddb.serverId) and the <server> entries of settings.xml')
// No password ever reaches the log.
['it-S3cret!', 'not-the-password', 'this-is-wrong'].each { assert !log.contains(it) }
return true
