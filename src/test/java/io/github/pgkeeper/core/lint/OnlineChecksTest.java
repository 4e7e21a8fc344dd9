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
            // Table b's only migration is gone: no file names it any more.
            "migrations schema-drift",
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

  @Test
  void tablesAndColumnsNoMigrationNamesAreReportedAsDrift() throws IOException {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(
        migrations.resolve("001_orders.sql"),
        "CREATE TABLE orders (id int, total numeric);\n"
            + "DO $$ BEGIN EXECUTE 'CREATE TABLE audit_log (id int)'; END $$;\n");
    MigrationConfig config = MigrationConfig.of(database, List.of(migrations), project);
    new Migrator(config, new RecordingLogger()).migrate();
    LintConfig lint = LintConfig.defaults();
    assertEquals(
        List.of(),
        Lint.of(
            new Validator(lint, config, true, null).run(new RecordingLogger()), Rule.SCHEMA_DRIFT),
        "every object the migrations made is named in them, also in dynamic SQL");

    io.github.pgkeeper.testing.Sql.execute(
        database,
        "CREATE TABLE handmade (id int); ALTER TABLE orders ADD COLUMN shipped boolean;"
            + " CREATE VIEW \"Big Orders\" AS SELECT id FROM orders");
    List<Finding> drift =
        Lint.of(
            new Validator(lint, config, true, null).run(new RecordingLogger()), Rule.SCHEMA_DRIFT);

    assertEquals(1, drift.size());
    assertEquals("migrations", drift.get(0).file());
    assertEquals(
        "Drift: 3 table(s), view(s) or column(s) of the database are named in no migration, so"
            + " they were probably made by hand: public.\"Big Orders\", public.handmade,"
            + " public.orders.shipped. Run db:diff to compare the whole schema and to write the"
            + " migration that adopts it.",
        drift.get(0).message());
  }
}
