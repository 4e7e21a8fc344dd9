// A git repository in the IT folder: the old, non-idempotent files on main; a feature branch with
// one new committed file and one untracked file; and main moving on after the branch started.
def git(String... args) {
  def process = (['git'] + args.toList()).execute(null, basedir)
  def out = new StringBuilder()
  def err = new StringBuilder()
  process.waitForProcessOutput(out, err)
  assert process.exitValue() == 0 : "git ${args.join(' ')} failed: ${err}"
}
def migrations = new File(basedir, 'migrations')
def pending = { String name -> new File(migrations, name).text = new File(basedir, "pending/${name}").text }

// Start clean, even when an earlier run left its clone behind.
new File(basedir, '.git').deleteDir()
new File(migrations, '003_create_orders.sql').delete()
new File(migrations, '004_index_orders.sql').delete()

git('init', '-q', '-b', 'main')
git('config', 'user.name', 'pgkeeper IT')
git('config', 'user.email', 'it@pgkeeper.invalid')
git('config', 'commit.gpgsign', 'false')
new File(basedir, '.gitignore').text = 'target/\nbuild.log\n'
git('add', '.gitignore', 'pom.xml', 'migrations')
git('commit', '-q', '-m', 'Old migrations, applied everywhere')

git('checkout', '-q', '-b', 'feature')
pending('003_create_orders.sql')
git('add', 'migrations')
git('commit', '-q', '-m', 'Add orders')

// main changes 002 after feature branched: not part of feature's change.
git('checkout', '-q', 'main')
new File(migrations, '002_add_email.sql') << 'ALTER TABLE customers ADD COLUMN phone text;\n'
git('commit', '-q', '-am', 'Change 002 on main')
git('checkout', '-q', 'feature')

pending('004_index_orders.sql') // untracked
return true
