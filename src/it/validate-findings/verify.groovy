import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text

// Maven log lines: file:[line,column] rule-id: message (fix: ...), at the rule's level.
assert log.contains('[ERROR] migrations/002_create_orders.sql:[3,1] create-table-not-idempotent: CREATE TABLE orders fails when run twice: the table exists. (fix: CREATE TABLE IF NOT EXISTS)')
assert log.contains('[ERROR] migrations/005_add_order_note.sql:[1,1] duplicate-version: Version 005 is also used by migrations/5_add_order_total.sql')
assert log.contains('[ERROR] migrations/5_add_order_total.sql:[1,1] duplicate-version: Version 5 is also used by migrations/005_add_order_note.sql')
// The POM lowered this rule to a warning.
assert log.contains('[WARNING] migrations/002_create_orders.sql:[8,1] insert-not-idempotent: ')
// The key words in the comment and the string raised nothing.
assert !log.contains('002_create_orders.sql:[1,')
assert !log.contains('002_create_orders.sql:[2,')
assert log.contains('Checked 4 files (8 statements): 3 errors, 1 warning, 0 notes.')
assert log.contains('db:validate found 3 problem(s) that fail the build (failOn=error), first: migrations/002_create_orders.sql:[3,1] create-table-not-idempotent')
assert log.contains('BUILD FAILURE')

// GitHub Actions annotations, at the start of their lines.
assert log =~ /(?m)^::error file=migrations\/002_create_orders.sql,line=3,col=1,title=create-table-not-idempotent::CREATE TABLE orders fails/
assert log =~ /(?m)^::warning file=migrations\/002_create_orders.sql,line=8,col=1,title=insert-not-idempotent::/

// SARIF 2.1.0 for GitHub code scanning.
def sarif = new JsonSlurper().parse(new File(basedir, 'target/db-validate.sarif'))
assert sarif.version == '2.1.0'
assert sarif.'$schema'.contains('sarif')
def run = sarif.runs[0]
assert run.tool.driver.name == 'pgkeeper db:validate'
def ruleIds = run.tool.driver.rules*.id
assert ruleIds.containsAll(['duplicate-version', 'create-table-not-idempotent', 'insert-not-idempotent'])
run.tool.driver.rules.each { rule ->
  assert rule.shortDescription.text
  assert rule.helpUri.endsWith('#' + rule.id)
}
def results = run.results.collect { r ->
  def location = r.locations[0].physicalLocation
  "${r.ruleId} ${r.level} ${location.artifactLocation.uri}:${location.region.startLine}:${location.region.startColumn}".toString()
}
assert results == [
  'create-table-not-idempotent error migrations/002_create_orders.sql:3:1',
  'insert-not-idempotent warning migrations/002_create_orders.sql:8:1',
  'duplicate-version error migrations/005_add_order_note.sql:1:1',
  'duplicate-version error migrations/5_add_order_total.sql:1:1',
]
run.results.each { r -> assert run.tool.driver.rules[r.ruleIndex].id == r.ruleId }

// JUnit XML for Jenkins and GitLab: one case per file with findings.
def junit = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
    .parse(new File(basedir, 'target/db-validate-junit.xml')).documentElement
assert junit.getAttribute('name') == 'db:validate'
assert junit.getAttribute('tests') == '3'
assert junit.getAttribute('failures') == '3'
def cases = junit.getElementsByTagName('testcase')
def orders = (0..<cases.length).collect { cases.item(it) }.find { it.getAttribute('classname') == 'migrations/002_create_orders.sql' }
assert orders.getElementsByTagName('failure').item(0).textContent.contains('[3,1] create-table-not-idempotent')

// Second invocation: failOn=never reports the same lines and passes.
assert log.contains('BUILD SUCCESS')
// Third: the skip flag.
assert log.contains('Skipping db:validate: db.validate.skip is set.')
return true
