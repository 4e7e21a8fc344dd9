package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks against the history table of a real database. */
class OnlineChecksTest {
  @TempDir Path project;

  @Test
  void reportsChangedChecksumsMissingFilesAndOutOfOrderPendingFiles() throws IOException {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve("002_a.sql"), "CREATE TABLE IF NOT EXISTS a (id int);");
    Files.writeString(migrations.resolve("003_b.sql"), "CREATE TABLE IF NOT EXISTS b (id int);");
    Files.writeString(migrations.resolve("004_c.sql"), "CREATE TABLE IF NOT EXISTS c (id int);");
    MigrationConfig config = MigrationConfig.of(database, List.of(migrations), project);
    new Migrator(config, new RecordingLogger()).migrate();

    Files.writeString(migrations.resolve("002_a.sql"), "CREATE TABLE IF NOT EXISTS a (id bigint);");
    Files.delete(migrations.resolve("003_b.sql"));
    Files.writeString(migrations.resolve("001_early.sql"), "SELECT 1;");
    // A duplicate version does not stop the online checks, unlike migrate.
    Files.writeString(migrations.resolve("4_c_again.sql"), "SELECT 1;");

    LintReport report =
        new Validator(LintConfig.defaults(), config, true, null).run(new RecordingLogger());

    assertEquals(
        List.of(
            "migrations/001_early.sql out-of-order",
            "migrations/002_a.sql checksum-changed",
            "migrations/003_b.sql missing-file",
            // Applied 004 is compared with both files of that version; this one differs.
            "migrations/4_c_again.sql checksum-changed"),
        report.findings().stream()
            .filter(f -> f.rule().category() == Category.ONLINE)
            .map(f -> f.file() + " " + f.rule().id())
            .toList(),
        Lint.describe(report));
    assertEquals(2, Lint.of(report, Rule.DUPLICATE_VERSION).size());
  }
}
