package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.migration.Discovery;
import io.github.pgkeeper.core.migration.MigrationScanner;
import io.github.pgkeeper.core.migration.Version;
import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-level and set-level behaviour: positions, bad SQL, transactions, control, naming, RLS. */
class LinterTest {
  private static final LintConfig DEFAULTS = LintConfig.defaults();

  @Test
  void findingsPointAtTheLineAndColumnOfTheOffendingToken() {
    LintReport report =
        Lint.sql(
            "-- header\n"
                + "CREATE TABLE IF NOT EXISTS t (a int);\n"
                + "\n"
                + "ALTER TABLE t\n"
                + "    ADD COLUMN IF NOT EXISTS b int,\n"
                + "    ADD COLUMN c int;\n");
    Finding finding = Lint.of(report, Rule.ADD_COLUMN_NOT_IDEMPOTENT).get(0);
    assertEquals(6, finding.line());
    assertEquals(5, finding.column());
    assertEquals(
        "migrations/001_test.sql:[6,5] add-column-not-idempotent: ADD COLUMN c without IF NOT"
            + " EXISTS fails when run twice: the column exists. (fix: ADD COLUMN IF NOT EXISTS)",
        finding.format());
  }

  @Test
  void anUnterminatedQuoteIsReportedAtItsLineAndTheNextFileIsStillChecked() {
    LintReport report =
        Lint.files(
            DEFAULTS,
            Lint.file("001_broken.sql", "CREATE TABLE IF NOT EXISTS a (x int);\nSELECT 'oops;\n"),
            Lint.file("002_next.sql", "DROP TABLE b;"),
            Lint.file("003_comment.sql", "SELECT 1;\n\n  /* never closed"),
            Lint.file("004_dollar.sql", "DO $x$ BEGIN NULL; END $$;"));
    List<Finding> lexical = Lint.of(report, Rule.LEXICAL_ERROR);
    assertEquals(3, lexical.size(), Lint.describe(report));
    assertEquals("migrations/001_broken.sql:[2,8]", position(lexical.get(0)));
    assertTrue(lexical.get(0).message().startsWith("Unterminated quoted string"));
    assertEquals("migrations/003_comment.sql:[3,3]", position(lexical.get(1)));
    assertEquals("migrations/004_dollar.sql:[1,4]", position(lexical.get(2)));
    assertEquals(1, Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).size(), "002 is checked");
  }

  @Test
  void createPolicyIfNotExistsIsReportedAtItsLineAndCheckingGoesOn() {
    LintReport report =
        Lint.sql(
            "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
                + "CREATE POLICY IF NOT EXISTS \"read own\" ON t\n"
                + "  FOR SELECT USING (owner = auth.uid());\n"
                + "DROP TABLE t2;\n");
    Finding policy = Lint.of(report, Rule.UNSUPPORTED_IF_NOT_EXISTS).get(0);
    assertEquals("migrations/001_test.sql:[2,15]", position(policy));
    assertEquals(Severity.ERROR, policy.severity());
    assertEquals(List.of(), Lint.of(report, Rule.CREATE_POLICY_NOT_IDEMPOTENT));
    assertEquals(4, Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).get(0).line());
  }

  @Test
  void aFunctionNestedWithTheSameDollarQuoteInsideDoIsReportedAtItsLine() {
    LintReport report =
        Lint.sql(
            "DO $$\n"
                + "BEGIN\n"
                + "  CREATE OR REPLACE FUNCTION helper() RETURNS void AS $$\n"
                + "  BEGIN\n"
                + "    PERFORM 1;\n"
                + "  END;\n"
                + "  $$ LANGUAGE plpgsql;\n"
                + "END\n"
                + "$$;\n"
                + "DROP TABLE later;\n");
    List<Finding> nested = Lint.of(report, Rule.NESTED_DOLLAR_QUOTE);
    assertEquals(1, nested.size(), Lint.describe(report));
    assertEquals("migrations/001_test.sql:[3,55]", position(nested.get(0)));
    assertTrue(nested.get(0).message().contains("opened with $$ at line 1"));
    // The misread pieces in between raise nothing; the statement after them is checked again.
    assertEquals(List.of(), Lint.of(report, Rule.TRANSACTION_CONTROL), Lint.describe(report));
    assertEquals(10, Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).get(0).line());
    assertEquals(2, report.findings().size(), Lint.describe(report));
  }

  @Test
  void doBlocksWithTheirOwnTagsOrALanguageClauseAreFine() {
    LintReport report =
        Lint.sql(
            "DO $do$ BEGIN\n"
                + "  CREATE OR REPLACE FUNCTION helper() RETURNS void AS $fn$ SELECT 1 $fn$"
                + " LANGUAGE sql;\n"
                + "END $do$;\n"
                + "DO LANGUAGE plpgsql $$ BEGIN NULL; END $$;\n"
                + "DO $$ BEGIN NULL; END $$ LANGUAGE plpgsql;\n");
    assertEquals(List.of(), report.findings(), Lint.describe(report));
  }

  @Test
  void aMidFileCommitIsAWarningAtItsLineAndWhatMigrateRefusesIsAnError() {
    LintReport report =
        Lint.sql(
            "BEGIN;\nCREATE TABLE IF NOT EXISTS a (x int);\nCOMMIT;\n"
                + "BEGIN;\nCREATE TABLE IF NOT EXISTS b (x int);\nCOMMIT;\n");
    assertEquals(List.of(), Lint.of(report, Rule.TRANSACTION_CONTROL), Lint.describe(report));
    List<Finding> midFile = Lint.of(report, Rule.MID_FILE_COMMIT);
    assertEquals(List.of(3), midFile.stream().map(Finding::line).toList(), Lint.describe(report));
    assertTrue(midFile.get(0).message().contains("not atomic"), midFile.get(0).message());
    assertTrue(midFile.get(0).message().contains("as 2 transactions"), midFile.get(0).message());

    LintReport beginLater =
        Lint.sql("SELECT 1;\nbegin;\nCREATE TABLE IF NOT EXISTS a (x int);\nend;\n");
    assertEquals(
        List.of(2),
        Lint.of(beginLater, Rule.MID_FILE_COMMIT).stream().map(Finding::line).toList(),
        Lint.describe(beginLater));

    // BEGIN and END inside a function body are no transaction control.
    LintReport function =
        Lint.sql(
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n"
                + "  RETURN 1;\nEND;\n$$;\nSELECT f();\n");
    assertEquals(List.of(), Lint.of(function, Rule.MID_FILE_COMMIT), Lint.describe(function));

    LintReport rollback = Lint.sql("CREATE TABLE IF NOT EXISTS a (x int);\nROLLBACK;\nSELECT 1;");
    List<Finding> refused = Lint.of(rollback, Rule.TRANSACTION_CONTROL);
    assertEquals(2, refused.get(0).line());
    assertTrue(refused.get(0).message().startsWith("ROLLBACK undoes"), refused.get(0).message());
    assertTrue(!refused.get(0).message().contains("db:transaction off"));
    LintReport unclosed = Lint.sql("SELECT 1;\nBEGIN;\nSELECT 2;\n");
    assertEquals(2, Lint.of(unclosed, Rule.TRANSACTION_CONTROL).get(0).line());
  }

  @Test
  void oneOuterBeginCommitPairAndSavepointsAreFine() {
    LintReport report =
        Lint.sql(
            "BEGIN;\nSAVEPOINT s;\nCREATE TABLE IF NOT EXISTS a (x int);\n"
                + "ROLLBACK TO SAVEPOINT s;\nCOMMIT;\n");
    assertEquals(List.of(), Lint.of(report, Rule.TRANSACTION_CONTROL));
  }

  @Test
  void concurrentlyBetweenAnExplicitBeginAndCommitIsAnError() {
    LintReport report =
        Lint.sql(
            "BEGIN;\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\n"
                + "COMMIT;\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS j ON t (b);\n");
    List<Finding> findings = Lint.of(report, Rule.CONCURRENTLY_IN_TRANSACTION);
    assertEquals(1, findings.size(), Lint.describe(report));
    assertEquals(2, findings.get(0).line());
    assertTrue(findings.get(0).message().startsWith("CREATE INDEX CONCURRENTLY cannot run"));
    // Such a file runs statement by statement: its BEGIN and COMMIT are not transaction errors.
    assertEquals(List.of(), Lint.of(report, Rule.TRANSACTION_CONTROL));
  }

  @Test
  void concurrentlyWithoutBeginAndTransactionControlInAFileThatIsOffAreFine() {
    LintReport report =
        Lint.sql(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\n"
                + "-- db:transaction off\n"
                + "VACUUM t;\n");
    assertEquals(List.of(), Lint.of(report, Rule.CONCURRENTLY_IN_TRANSACTION));
    LintReport off = Lint.sql("-- db:transaction off\nCOMMIT;\nSELECT 1;");
    assertEquals(List.of(), Lint.of(off, Rule.TRANSACTION_CONTROL));
    LintReport bad = Lint.sql("-- db:transaction maybe\nSELECT 1;");
    assertEquals(1, Lint.of(bad, Rule.INVALID_DIRECTIVE).size(), Lint.describe(bad));
  }

  @Test
  void ignoreBeforeAStatementCoversThatStatementOnly() {
    LintReport report =
        Lint.sql(
            "SELECT 1;\n"
                + "-- db:ignore drop-not-idempotent the table never comes back\n"
                + "DROP TABLE a;\n"
                + "DROP TABLE b;\n");
    assertEquals(
        List.of(4), Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).stream().map(Finding::line).toList());
    assertEquals(List.of(), Lint.of(report, Rule.INVALID_DIRECTIVE));
  }

  @Test
  void ignoreOnTheLastLineOfAStatementCoversIt() {
    LintReport report =
        Lint.sql(
            "SELECT 1;\n"
                + "INSERT INTO audit (note)\n"
                + "VALUES ('v2'); -- db:ignore insert-not-idempotent one audit row per run is wanted\n"
                + "INSERT INTO audit (note) VALUES ('x');\n");
    assertEquals(
        List.of(4),
        Lint.of(report, Rule.INSERT_NOT_IDEMPOTENT).stream().map(Finding::line).toList());
  }

  @Test
  void ignoreAtTheTopOfAFileCoversTheWholeFileIncludingNamingRules() {
    LintReport report =
        Lint.files(
            DEFAULTS,
            Lint.file(
                "005_a.sql",
                "-- db:ignore drop-not-idempotent legacy cleanup, applied everywhere\n"
                    + "-- db:ignore duplicate-version both 005 files were applied in 2021\n"
                    + "DROP TABLE a;\nSELECT 1;\nDROP TABLE b;\n"),
            Lint.file("5_b.sql", "DROP TABLE c;"));
    assertEquals(
        List.of("migrations/5_b.sql"),
        Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).stream().map(Finding::file).toList());
    assertEquals(
        List.of("migrations/5_b.sql"),
        Lint.of(report, Rule.DUPLICATE_VERSION).stream().map(Finding::file).toList());
  }

  @Test
  void anIgnoreWithAnUnknownRuleOrNoReasonIsReported() {
    LintReport report =
        Lint.sql(
            "SELECT 1;\n"
                + "-- db:ignore drop-everything because\n"
                + "DROP TABLE a;\n"
                + "-- db:ignore drop-not-idempotent\n"
                + "DROP TABLE b;\n");
    List<Finding> invalid = Lint.of(report, Rule.INVALID_DIRECTIVE);
    assertEquals(List.of(2, 4), invalid.stream().map(Finding::line).toList());
    assertTrue(invalid.get(0).message().contains("unknown rule 'drop-everything'"));
    assertTrue(invalid.get(1).message().contains("gives no reason"));
    // The unknown one suppresses nothing; the one without a reason still applies.
    assertEquals(
        List.of(3), Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).stream().map(Finding::line).toList());
  }

  @Test
  void ignoreTextInsideAStringIsNotADirective() {
    LintReport report = Lint.sql("SELECT '-- db:ignore drop-not-idempotent no';\nDROP TABLE a;\n");
    assertEquals(1, Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).size());
  }

  @Test
  void severityOverridesChangeLevelsAndTurnRulesOff() {
    LintConfig config =
        DEFAULTS.withSeverities(
            LintConfig.parseSeverities(
                List.of("insert-not-idempotent=warning", "DROP-not-idempotent=off")));
    LintReport report = Lint.sql(config, "INSERT INTO t VALUES (1);\nDROP TABLE t;");
    assertEquals(Severity.WARNING, Lint.of(report, Rule.INSERT_NOT_IDEMPOTENT).get(0).severity());
    assertEquals(List.of(), Lint.of(report, Rule.DROP_NOT_IDEMPOTENT));
    assertTrue(FailOn.ERROR.fails(Severity.ERROR));
    assertEquals(0, report.failures(FailOn.ERROR).size());
    assertEquals(1, report.failures(FailOn.WARNING).size());
    assertEquals(0, report.failures(FailOn.NEVER).size());
  }

  @Test
  void badSeverityPairsNameTheSetting() {
    PgKeeperException unknown =
        assertThrows(
            PgKeeperException.class, () -> LintConfig.parseSeverities(List.of("nope=error")));
    assertTrue(unknown.getMessage().contains("Unknown rule 'nope'"));
    assertEquals(Setting.VALIDATE_SEVERITIES, unknown.setting().orElseThrow());
    PgKeeperException level =
        assertThrows(
            PgKeeperException.class,
            () -> LintConfig.parseSeverities(List.of("drop-not-idempotent=loud")));
    assertTrue(level.getMessage().contains("level error, warning, info or off"));
    assertThrows(PgKeeperException.class, () -> FailOn.parse("sometimes"));
    assertEquals(FailOn.WARNING, FailOn.parse(" Warning "));
  }

  @Test
  void missingLockTimeoutIsOffByDefaultAndFlagsTheFirstLockWhenOn() {
    String sql =
        "CREATE TABLE IF NOT EXISTS fresh (a int);\n"
            + "ALTER TABLE fresh ADD COLUMN IF NOT EXISTS b int;\n"
            + "ALTER TABLE old ADD COLUMN IF NOT EXISTS b int;\n"
            + "ALTER TABLE old ADD COLUMN IF NOT EXISTS c int;\n";
    assertEquals(List.of(), Lint.of(Lint.sql(sql), Rule.MISSING_LOCK_TIMEOUT));
    LintConfig on = DEFAULTS.withSeverities(Map.of(Rule.MISSING_LOCK_TIMEOUT, Severity.WARNING));
    List<Finding> findings = Lint.of(Lint.sql(on, sql), Rule.MISSING_LOCK_TIMEOUT);
    assertEquals(List.of(3), findings.stream().map(Finding::line).toList());
    assertEquals(
        List.of(),
        Lint.of(Lint.sql(on, "SET lock_timeout = '5s';\n" + sql), Rule.MISSING_LOCK_TIMEOUT));
    assertEquals(
        List.of(),
        Lint.of(
            Lint.sql(on, "SELECT set_config('lock_timeout', '5s', true);\n" + sql),
            Rule.MISSING_LOCK_TIMEOUT));
  }

  @Test
  void createOrReplaceTriggerDependsOnTheTargetServerVersion() {
    String orReplace =
        "CREATE OR REPLACE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();";
    assertEquals(List.of(), Lint.of(Lint.sql(orReplace), Rule.CREATE_TRIGGER_NOT_IDEMPOTENT));
    LintConfig pg13 = DEFAULTS.withServerMajorVersion(13);
    Finding old = Lint.of(Lint.sql(pg13, orReplace), Rule.CREATE_TRIGGER_NOT_IDEMPOTENT).get(0);
    assertTrue(old.message().contains("needs PostgreSQL 14"), old.message());
    assertTrue(old.fix().startsWith("DROP TRIGGER IF EXISTS trg"), old.fix());

    String plain = "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();";
    Finding on14 = Lint.of(Lint.sql(plain), Rule.CREATE_TRIGGER_NOT_IDEMPOTENT).get(0);
    assertTrue(on14.fix().startsWith("CREATE OR REPLACE TRIGGER"), on14.fix());
    Finding on13 = Lint.of(Lint.sql(pg13, plain), Rule.CREATE_TRIGGER_NOT_IDEMPOTENT).get(0);
    assertEquals(
        "DROP TRIGGER IF EXISTS trg ON t first (CREATE OR REPLACE TRIGGER needs PostgreSQL 14)",
        on13.fix());
  }

  @Test
  void tablesInExposedSchemasNeedRowLevelSecurityAnywhereInTheSet() {
    LintReport report =
        Lint.files(
            DEFAULTS,
            Lint.file(
                "001_tables.sql",
                "CREATE TABLE IF NOT EXISTS secured (id int);\n"
                    + "CREATE TABLE IF NOT EXISTS open_table (id int);\n"
                    + "CREATE TABLE IF NOT EXISTS private.internal (id int);\n"
                    + "CREATE TEMP TABLE scratch (id int);\n"
                    + "CREATE TABLE IF NOT EXISTS dropped_later (id int);\n"),
            Lint.file(
                "002_rls.sql",
                "ALTER TABLE public.secured ENABLE ROW LEVEL SECURITY;\n"
                    + "DROP TABLE IF EXISTS dropped_later;\n"
                    + "DROP POLICY IF EXISTS p ON open_table;\n"
                    + "CREATE POLICY p ON open_table USING (true);\n"
                    + "DROP POLICY IF EXISTS q ON secured;\n"
                    + "CREATE POLICY q ON secured USING (true);\n"));
    List<Finding> rls = Lint.of(report, Rule.RLS_NOT_ENABLED);
    assertEquals(
        List.of("migrations/001_tables.sql:[2,1]"),
        rls.stream().map(LinterTest::position).toList());
    List<Finding> policies = Lint.of(report, Rule.POLICY_WITHOUT_RLS);
    assertEquals(
        List.of("migrations/002_rls.sql:[4,1]"),
        policies.stream().map(LinterTest::position).toList());

    LintReport exposedPrivate =
        Lint.files(
            DEFAULTS.withExposedSchemas(Set.of("private")),
            Lint.file("001_t.sql", "CREATE TABLE IF NOT EXISTS private.internal (id int);"));
    assertEquals(1, Lint.of(exposedPrivate, Rule.RLS_NOT_ENABLED).size());
  }

  @Test
  void droppingATableForgetsOnlyThatTablesPoliciesAndRowLevelSecurity() {
    LintReport report =
        Lint.files(
            DEFAULTS,
            Lint.file(
                "001_tables.sql",
                "CREATE TABLE IF NOT EXISTS notes (id int);\n"
                    + "CREATE TABLE IF NOT EXISTS legacy (id int);\n"
                    + "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
                    + "ALTER TABLE legacy ENABLE ROW LEVEL SECURITY;\n"
                    + "DROP POLICY IF EXISTS read_notes ON notes;\n"
                    + "CREATE POLICY read_notes ON notes USING (true);\n"
                    + "DROP POLICY IF EXISTS read_legacy ON legacy;\n"
                    + "CREATE POLICY read_legacy ON legacy USING (true);\n"),
            // The cleanup of a real set: legacy goes, and its policy with it; notes keeps both.
            Lint.file("002_cleanup.sql", "DROP TABLE IF EXISTS public.legacy CASCADE;\n"),
            // Created again, legacy starts without RLS: a new policy on it is a true finding.
            Lint.file(
                "003_legacy_again.sql",
                "CREATE TABLE IF NOT EXISTS legacy (id int);\n"
                    + "DROP POLICY IF EXISTS read_legacy_again ON legacy;\n"
                    + "CREATE POLICY read_legacy_again ON legacy USING (true);\n"),
            // A policy dropped for good has no effect to warn about.
            Lint.file(
                "004_drop_policy.sql",
                "CREATE TABLE IF NOT EXISTS plain_table (id int);\n"
                    + "DROP POLICY IF EXISTS p ON plain_table;\n"
                    + "CREATE POLICY p ON plain_table USING (true);\n"
                    + "DROP POLICY p ON plain_table;\n"));

    assertEquals(
        List.of("migrations/003_legacy_again.sql:[3,1]"),
        Lint.of(report, Rule.POLICY_WITHOUT_RLS).stream().map(LinterTest::position).toList(),
        Lint.describe(report));
    assertEquals(
        List.of("migrations/003_legacy_again.sql:[1,1]", "migrations/004_drop_policy.sql:[1,1]"),
        Lint.of(report, Rule.RLS_NOT_ENABLED).stream().map(LinterTest::position).toList());
  }

  /**
   * A table the migrations never create (made in the dashboard, which enables RLS on new tables, or
   * by a schema file outside them) may well have RLS: a policy on it is no finding. On real sets
   * this was every finding left of the rule after the DROP fix.
   */
  @Test
  void aPolicyOnATableNoMigrationCreatesIsNotReported() {
    LintReport report =
        Lint.sql(
            DEFAULTS,
            "DROP POLICY IF EXISTS own ON public.users;\n"
                + "CREATE POLICY own ON public.users USING (auth.uid() = id);\n");

    assertEquals(List.of(), Lint.of(report, Rule.POLICY_WITHOUT_RLS), Lint.describe(report));
  }

  @Test
  void rlsNotEnabledCanBeTurnedOffWhilePolicyWithoutRlsStays() {
    LintReport report =
        Lint.sql(
            DEFAULTS.withRowLevelSecurityRequired(false),
            "CREATE TABLE IF NOT EXISTS notes (id int);\n"
                + "DROP POLICY IF EXISTS p ON notes;\n"
                + "CREATE POLICY p ON notes USING (true);\n");
    assertEquals(List.of(), Lint.of(report, Rule.RLS_NOT_ENABLED), Lint.describe(report));
    assertEquals(1, Lint.of(report, Rule.POLICY_WITHOUT_RLS).size(), Lint.describe(report));
  }

  @Test
  void rowLevelSecurityEnabledInsideADoBlockCounts() {
    LintReport report =
        Lint.sql(
            "CREATE TABLE IF NOT EXISTS t (id int);\n"
                + "DO $$ BEGIN\n"
                + "  EXECUTE 'SELECT 1';\n"
                + "  ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
                + "END $$;\n");
    assertEquals(List.of(), Lint.of(report, Rule.RLS_NOT_ENABLED), Lint.describe(report));
  }

  @Test
  void duplicateVersionsAfterNormalisationAreReportedOnEachFileUnlessAllowed() {
    LintReport report =
        Lint.files(
            DEFAULTS,
            Lint.file("005_a.sql", "SELECT 1;"),
            Lint.file("5_b.sql", "SELECT 1;"),
            Lint.file("V1.0__c.sql", "SELECT 1;"),
            Lint.file("V1__d.sql", "SELECT 1;"),
            Lint.file("20240101120000_e.sql", "SELECT 1;"),
            Lint.file("20240101120000_f.sql", "SELECT 1;"));
    List<Finding> duplicates = Lint.of(report, Rule.DUPLICATE_VERSION);
    assertEquals(6, duplicates.size(), Lint.describe(report));
    Finding first =
        duplicates.stream().filter(f -> f.file().equals("migrations/005_a.sql")).findFirst().get();
    assertTrue(first.message().contains("also used by migrations/5_b.sql"), first.message());

    LintReport allowed =
        Lint.files(
            DEFAULTS.withAllowedDuplicates(LintConfig.parseVersions(List.of("5", "1"))),
            Lint.file("005_a.sql", "SELECT 1;"),
            Lint.file("5_b.sql", "SELECT 1;"),
            Lint.file("V1.0__c.sql", "SELECT 1;"),
            Lint.file("V1__d.sql", "SELECT 1;"));
    assertEquals(List.of(), Lint.of(allowed, Rule.DUPLICATE_VERSION));
    assertThrows(PgKeeperException.class, () -> LintConfig.parseVersions(List.of("five")));
    assertEquals(Set.of(Version.parse("5")), LintConfig.parseVersions(List.of(" 005 ")));
  }

  @Test
  void namingRulesCoverUnparsableNamesMissingDescriptionsAndIgnoredFolders(@TempDir Path project)
      throws IOException {
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve("001_ok.sql"), "SELECT 1;");
    Files.writeString(migrations.resolve("002.sql"), "SELECT 1;");
    Files.writeString(migrations.resolve("notes.sql"), "SELECT 1;");
    Files.createDirectories(migrations.resolve("archive"));
    Files.writeString(migrations.resolve("archive/000_old.sql"), "DROP TABLE x;");
    Discovery discovery =
        new MigrationScanner(project, new RecordingLogger()).scan(List.of(migrations), false);

    LintReport report = new Linter(DEFAULTS).lint(discovery, project);

    assertEquals(
        List.of(
            "migrations/002.sql:[1,1] missing-description WARNING",
            "migrations/archive/000_old.sql:[1,1] ignored-file INFO",
            "migrations/notes.sql:[1,1] unparsable-name ERROR"),
        report.findings().stream()
            .map(f -> position(f) + " " + f.rule().id() + " " + f.severity())
            .toList());
    assertEquals(2, report.filesChecked());
    assertEquals("Checked 2 files (2 statements): 1 error, 1 warning, 1 note.", report.summary());
  }

  @Test
  void statementScopeLimitsStatementRulesButNotNamingRules() {
    LintConfig since2 =
        DEFAULTS.withStatementScope(f -> f.version().compareTo(Version.parse("2")) >= 0);
    LintReport report =
        Lint.files(
            since2,
            Lint.file("001_old.sql", "CREATE TABLE old (id int);"),
            Lint.file("1_dup.sql", "SELECT 1;"),
            Lint.file(
                "002_new.sql",
                "CREATE TABLE IF NOT EXISTS new (id int);\n"
                    + "ALTER TABLE old ENABLE ROW LEVEL SECURITY;\nDROP TABLE x;"));
    assertEquals(
        List.of("migrations/002_new.sql"),
        Lint.of(report, Rule.DROP_NOT_IDEMPOTENT).stream().map(Finding::file).toList());
    assertEquals(List.of(), Lint.of(report, Rule.CREATE_TABLE_NOT_IDEMPOTENT));
    assertEquals(2, Lint.of(report, Rule.DUPLICATE_VERSION).size());
    // Facts still come from every file: old's RLS is enabled, new's is not.
    assertEquals(
        List.of("migrations/002_new.sql"),
        Lint.of(report, Rule.RLS_NOT_ENABLED).stream().map(Finding::file).toList());
  }

  @Test
  void theDownPartOfAFileIsNotCheckedForIdempotency() {
    LintReport report =
        Lint.sql(
            "-- migrate:up\nCREATE TABLE IF NOT EXISTS t (id int);\n"
                + "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\n"
                + "-- migrate:down\nDROP TABLE t;\n");
    assertEquals(List.of(), report.findings(), Lint.describe(report));
  }

  @Test
  void adoptedFindingsGetConfiguredSeveritiesAndFileWideIgnores() {
    LintConfig config = DEFAULTS.withSeverities(Map.of(Rule.OUT_OF_ORDER, Severity.WARNING));
    Linter linter = new Linter(config);
    linter.lint(
        new Discovery(
            List.of(
                Lint.file(
                    "001_a.sql",
                    "-- db:ignore not-rerunnable appends an audit row on purpose\nSELECT 1;")),
            List.of(),
            List.of()),
        Lint.BASE);
    List<Finding> adopted =
        linter.adopt(
            List.of(
                new Finding(
                    "migrations/001_a.sql", 2, 1, Rule.NOT_RERUNNABLE, Severity.ERROR, "x", ""),
                new Finding(
                    "migrations/002_b.sql", 1, 1, Rule.OUT_OF_ORDER, Severity.ERROR, "y", "")));
    assertEquals(1, adopted.size());
    assertEquals(Severity.WARNING, adopted.get(0).severity());
    assertFalse(adopted.get(0).file().contains("001"));
  }

  private static String position(Finding finding) {
    return finding.file() + ":[" + finding.line() + "," + finding.column() + "]";
  }
}
