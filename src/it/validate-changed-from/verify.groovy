def log = new File(basedir, 'build.log').text
def count = { String text -> log.count(text) }

// 1: without changedFrom, the old files' statements fail the build.
assert count('[ERROR] migrations/001_create_customers.sql:[2,1] create-table-not-idempotent') == 1
assert count('[ERROR] migrations/002_add_email.sql:[2,') == 1

// 2 and 3: only the branch's files are in scope; 002, changed on main only, is not.
assert count('Statement rules check 2 of 4 files (added or changed from main); naming rules check all of them.') == 2
assert count('[WARNING] migrations/004_index_orders.sql:[2,1] index-without-concurrently') == 3
assert !log.contains('003_create_orders.sql:[')
assert count('BUILD SUCCESS') == 1

// 3: failOn=warning fails on the new file's finding alone.
assert log.contains('db:validate found 1 problem(s) that fail the build (failOn=warning), first: migrations/004_index_orders.sql:[2,1] index-without-concurrently')

// 4: an unknown ref is one clear error naming the setting.
assert log.contains("Cannot list the files changed from 'no-such-branch': git merge-base no-such-branch HEAD failed")
assert log.contains('Configure: <changedFrom> (-Ddb.validate.changedFrom, a git branch such as main or origin/main)')
return true
