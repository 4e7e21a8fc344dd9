def log = new File(basedir, 'build.log').text
def count = { String text -> log.count(text) }

// 1: without since, the old files' statements fail the build.
assert count('[ERROR] migrations/001_create_customers.sql:[2,1] create-table-not-idempotent: CREATE TABLE customers') == 1
assert count('[ERROR] migrations/002-add-email.sql:[2,') == 1
assert log.contains('db:validate found 2 problem(s) that fail the build (failOn=error)')

// 2 and 3: since limits statement rules to 003; the old files raise nothing there.
assert count('Statement rules check 1 of 3 files (after version 002); naming rules check all of them.') == 2
assert count('BUILD SUCCESS') == 1
assert !log.contains('003_create_orders.sql:[')

// 3: the naming rule still covers 002, outside since's scope.
assert log.contains("[WARNING] migrations/002-add-email.sql:[1,1] supabase-cli-skips-file: pgkeeper runs '002-add-email.sql' as version 002, but the Supabase CLI only runs files named <digits>_<name>.sql")
assert log.contains('(fix: rename it 002_add-email.sql before it is applied anywhere)')
assert count('[WARNING] migrations/002-add-email.sql:[1,1] supabase-cli-skips-file') == 1
assert log.contains('(failOn=warning), first: migrations/002-add-email.sql:[1,1] supabase-cli-skips-file')

// 4: one clear error naming the setting.
assert log.contains("since 'last-week' is not a version such as 042 or 20240101120000")
assert log.contains('Configure: <since> (-Ddb.validate.since, a version such as 042)')
return true
