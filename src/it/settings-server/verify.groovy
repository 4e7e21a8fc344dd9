def log = new File(basedir, 'build.log').text

// Invocation 1 connected with the decrypted password.
assert log.contains('[1/1] Applied 001 - create secrets')
// Invocation 2 was refused, and the message names what to change.
assert log.contains('Authentication failed for jdbc:postgresql://localhost:')
assert log.contains('Configure: <password> (-Ddb.password), or <serverId> (-Ddb.serverId)')
// No password ever reaches the log.
['it-S3cret!', 'not-the-password', 'this-is-wrong'].each { assert !log.contains(it) }
return true
