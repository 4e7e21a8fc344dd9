package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gating only new migrations: {@code since} limits statement rules to later versions, {@code
 * changedFrom} to the files a branch adds or changes, in a real git repository made by the test.
 */
class StatementScopeTest {
  /** Fails on every run after the first: what old files of real projects look like. */
  private static final String NOT_IDEMPOTENT = "CREATE TABLE %s (id int);\n";

  private static final String CLEAN =
      "CREATE TABLE IF NOT EXISTS %s (id int);\nALTER TABLE %<s ENABLE ROW LEVEL SECURITY;\n";

  @TempDir Path project;

  @Test
  void sinceLimitsStatementRulesToLaterVersionsButNamingRulesCoverEveryFile() throws IOException {
    write("001_old.sql", NOT_IDEMPOTENT.formatted("a"));
    write("1_old_twin.sql", NOT_IDEMPOTENT.formatted("b"));
    write("002_old.sql", NOT_IDEMPOTENT.formatted("c"));
    write("003_new.sql", NOT_IDEMPOTENT.formatted("d"));
    RecordingLogger log = new RecordingLogger();

    LintReport report = validate(StatementScope.of("002", null), log);

    assertEquals(
        List.of("migrations/003_new.sql"),
        files(Lint.of(report, Rule.CREATE_TABLE_NOT_IDEMPOTENT)),
        Lint.describe(report));
    assertEquals(
        List.of("migrations/001_old.sql", "migrations/1_old_twin.sql"),
        files(Lint.of(report, Rule.DUPLICATE_VERSION)));
    assertTrue(
        log.lines.contains(
            "INFO Statement rules check 1 of 4 files (after version 002); naming rules check all"
                + " of them."),
        log.all());
    assertEquals(List.of("In scope: migrations/003_new.sql"), inScope(log));

    LintReport everything = validate(StatementScope.ALL, new RecordingLogger());
    assertEquals(4, Lint.of(everything, Rule.CREATE_TABLE_NOT_IDEMPOTENT).size());
  }

  @Test
  void sinceMustBeAVersion() {
    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> StatementScope.of("last-week", null));
    assertEquals(Setting.VALIDATE_SINCE, e.setting().orElseThrow());
    assertTrue(e.getMessage().startsWith("since 'last-week' is not a version"), e.getMessage());
    assertTrue(StatementScope.of(" ", "").coversEverything());
  }

  @Test
  void changedFromChecksWhatTheBranchAddsOrChangesCommittedOrNot() throws IOException {
    gitRepositoryWithAFeatureBranch();
    RecordingLogger log = new RecordingLogger();

    LintReport report = validate(StatementScope.of(null, "main"), log);

    assertEquals(
        List.of(
            "migrations/001_old.sql", // edited in the working tree, not committed
            "migrations/003_feature.sql", // committed on the branch
            "migrations/004_staged.sql", // added to the index only
            "migrations/005_untracked.sql"), // never added
        files(Lint.of(report, Rule.CREATE_TABLE_NOT_IDEMPOTENT)),
        Lint.describe(report));
    // 002 changed on main after the branch started: not this branch's change. 006 is ignored.
    assertTrue(
        log.lines.contains(
            "INFO Statement rules check 4 of 6 files (added or changed from main); naming rules"
                + " check all of them."),
        log.all());
    assertEquals(
        List.of(
            "In scope: migrations/001_old.sql",
            "In scope: migrations/003_feature.sql",
            "In scope: migrations/004_staged.sql",
            "In scope: migrations/005_untracked.sql"),
        inScope(log));
  }

  @Test
  void sinceAndChangedFromCombine() throws IOException {
    gitRepositoryWithAFeatureBranch();

    LintReport report = validate(StatementScope.of("003", "main"), new RecordingLogger());

    assertEquals(
        List.of("migrations/004_staged.sql", "migrations/005_untracked.sql"),
        files(Lint.of(report, Rule.CREATE_TABLE_NOT_IDEMPOTENT)),
        Lint.describe(report));
  }

  @Test
  void changedFromRunsFromASubfolderOfTheRepository() throws IOException {
    gitRepositoryWithAFeatureBranch();
    Path module = Files.createDirectories(project.resolve("module"));
    MigrationConfig config =
        MigrationConfig.of(null, List.of(project.resolve("migrations")), module);

    LintReport report =
        new Validator(LintConfig.defaults(), config, false, null, StatementScope.of(null, "main"))
            .run(new RecordingLogger());

    assertEquals(4, Lint.of(report, Rule.CREATE_TABLE_NOT_IDEMPOTENT).size());
  }

  @Test
  void anUnknownRefIsOneClearErrorNamingTheSetting() throws IOException {
    gitRepositoryWithAFeatureBranch();

    PgKeeperException e =
        assertThrows(
            PgKeeperException.class,
            () -> validate(StatementScope.of(null, "no-such-branch"), new RecordingLogger()));

    assertEquals(Setting.VALIDATE_CHANGED_FROM, e.setting().orElseThrow());
    assertTrue(
        e.getMessage().startsWith("Cannot list the files changed from 'no-such-branch': git "),
        e.getMessage());
    assertTrue(e.getMessage().contains("no-such-branch"), e.getMessage());

    PgKeeperException option =
        assertThrows(
            PgKeeperException.class,
            () -> validate(StatementScope.of(null, "--output=x"), new RecordingLogger()));
    assertTrue(option.getMessage().contains("not a branch, tag or commit"), option.getMessage());
  }

  @Test
  void outsideAGitRepositoryChangedFromIsOneClearError() throws IOException {
    write("001_old.sql", NOT_IDEMPOTENT.formatted("a"));

    PgKeeperException e =
        assertThrows(
            PgKeeperException.class,
            () -> validate(StatementScope.of(null, "main"), new RecordingLogger()));

    assertEquals(Setting.VALIDATE_CHANGED_FROM, e.setting().orElseThrow());
    assertTrue(e.getMessage().contains("not a git repository"), e.getMessage());
  }

  /**
   * main: 001 and 002 (not idempotent). feature, branched from there: commits 003; then main
   * changes 002. Back on feature: 001 edited, 004 staged, 005 untracked, 006 ignored.
   */
  private void gitRepositoryWithAFeatureBranch() throws IOException {
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Test");
    git("config", "user.email", "test@example.com");
    git("config", "commit.gpgsign", "false");
    Files.writeString(project.resolve(".gitignore"), "migrations/006_ignored.sql\n");
    write("001_old.sql", NOT_IDEMPOTENT.formatted("a"));
    write("002_old.sql", NOT_IDEMPOTENT.formatted("b"));
    git("add", ".");
    git("commit", "-q", "-m", "old migrations");
    git("checkout", "-q", "-b", "feature");
    write("003_feature.sql", NOT_IDEMPOTENT.formatted("c"));
    git("add", ".");
    git("commit", "-q", "-m", "feature");
    git("checkout", "-q", "main");
    write("002_old.sql", NOT_IDEMPOTENT.formatted("b") + "SELECT 1;\n");
    git("commit", "-q", "-am", "main moves on");
    git("checkout", "-q", "feature");
    write("001_old.sql", NOT_IDEMPOTENT.formatted("a") + "SELECT 2;\n");
    write("004_staged.sql", NOT_IDEMPOTENT.formatted("d"));
    git("add", "migrations/004_staged.sql");
    write("005_untracked.sql", NOT_IDEMPOTENT.formatted("e"));
    write("006_ignored.sql", NOT_IDEMPOTENT.formatted("f"));
  }

  private LintReport validate(StatementScope scope, RecordingLogger log) {
    MigrationConfig config =
        MigrationConfig.of(null, List.of(project.resolve("migrations")), project);
    return new Validator(LintConfig.defaults(), config, false, null, scope).run(log);
  }

  private void write(String name, String sql) throws IOException {
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve(name), sql);
  }

  private void git(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      assertEquals(0, process.waitFor(), "git " + String.join(" ", args) + ": " + output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static List<String> inScope(RecordingLogger log) {
    return log.debugs().stream().filter(line -> line.startsWith("In scope: ")).toList();
  }

  private static List<String> files(List<Finding> findings) {
    return List.copyOf(new TreeSet<>(findings.stream().map(Finding::file).toList()));
  }
}
