package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repairing the history table after intended changes, against a real PostgreSQL. */
class RepairTest extends MigrationTestCase {
  private RepairResult repair() {
    return new Repair(config(), log).repair();
  }

  private MigrationState state(String version) {
    return status(version).state();
  }

  private List<String> history() {
    return Sql.column(
        database,
        "SELECT concat_ws('|', version, script, success::text) FROM pgkeeper_history"
            + " ORDER BY installed_rank");
  }

  @Test
  void reRecordsTheChecksumOfAChangedFileSoMigrateRunsAgain() throws IOException {
    write("001_create_orders.sql", "CREATE TABLE orders (id int);");
    write("002_add_total.sql", "ALTER TABLE orders ADD COLUMN total int;");
    migrator().migrate();
    String oldChecksum =
        Sql.value(database, "SELECT checksum FROM pgkeeper_history WHERE version = '002'");
    // A comment added to an applied file, on purpose.
    write("002_add_total.sql", "-- totals in cents\nALTER TABLE orders ADD COLUMN total int;");
    write("003_add_note.sql", "ALTER TABLE orders ADD COLUMN note text;");
    assertThrows(PgKeeperException.class, () -> migrator().migrate());

    RepairResult result = repair();

    String newChecksum =
        Checksums.sha256("-- totals in cents\nALTER TABLE orders ADD COLUMN total int;");
    assertEquals(1, result.realigned().size());
    assertTrue(result.removed().isEmpty());
    assertTrue(
        log.lines.contains(
            "INFO Re-recorded checksum of 002 migrations/002_add_total.sql: "
                + oldChecksum.substring(0, 8)
                + "... -> "
                + newChecksum.substring(0, 8)
                + "..."),
        log.all());
    assertTrue(
        log.lines.contains(
            "INFO Repaired public.pgkeeper_history: re-recorded 1 applied migration(s), removed 0"
                + " failed entry(ies)."),
        log.all());
    assertEquals(
        newChecksum,
        Sql.value(database, "SELECT checksum FROM pgkeeper_history WHERE version = '002'"));
    assertEquals(MigrationState.APPLIED, state("002"));

    assertEquals(
        List.of("003"),
        migrator().migrate().applied().stream().map(f -> f.version().toString()).toList());
  }

  @Test
  void reRecordsTheNameOfARenamedFile() throws IOException {
    write("001_create_orders.sql", "CREATE TABLE orders (id int);");
    migrator().migrate();
    Files.move(
        migrations.resolve("001_create_orders.sql"), migrations.resolve("001_orders_table.sql"));

    RepairResult result = repair();

    assertEquals(1, result.realigned().size());
    assertTrue(
        log.lines.contains(
            "INFO Re-recorded the name of 001: 001_create_orders.sql -> 001_orders_table.sql"),
        log.all());
    assertEquals(
        "orders table|001_orders_table.sql",
        Sql.value(database, "SELECT description || '|' || script FROM pgkeeper_history"));
  }

  @Test
  void removesAFailedTransactionalEntry() throws IOException {
    write("001_a.sql", "CREATE TABLE a (id int);");
    write("002_b.sql", "CREATE TABLE b (id int);\nSELECT 1/0;");
    assertThrows(MigrationFailedException.class, () -> migrator().migrate());
    assertEquals(List.of("001|001_a.sql|true", "002|002_b.sql|false"), history());
    log.lines.clear();

    RepairResult result = repair();

    assertEquals(1, result.removed().size());
    assertTrue(result.realigned().isEmpty());
    String removed =
        log.lines.stream()
            .filter(l -> l.startsWith("INFO Removed failed entry of 002 migrations/002_b.sql"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(log.all()));
    assertTrue(removed.endsWith("and left nothing applied)."), removed);
    assertTrue(log.warnings().isEmpty(), log.all());
    assertEquals(List.of("001|001_a.sql|true"), history());
    assertEquals(MigrationState.PENDING, state("002"));
  }

  @Test
  void removesAPartiallyAppliedEntryAndWarnsThatItsStatementsStayApplied() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write(
        "2_b.sql",
        "-- db:transaction off\n"
            + "CREATE TABLE b (id int);\n"
            + "INSERT INTO b VALUES (1);\n"
            + "INSERT INTO c VALUES (1);\n"
            + "INSERT INTO b VALUES (3);\n");
    assertThrows(MigrationFailedException.class, () -> migrator().migrate());
    assertEquals("failed at statement 3 of 4", migrator().status().migrations().get(1).stateText());
    log.lines.clear();

    RepairResult result = repair();

    assertEquals(1, result.removed().size());
    assertTrue(result.removed().get(0).partiallyApplied());
    assertEquals(1, log.warnings().size(), log.all());
    String warning = log.warnings().get(0);
    assertTrue(
        warning.startsWith(
            "Removed failed entry of 2 migrations/2_b.sql, which ran without a transaction:"
                + " statements 1 to 2 of 4 had run when it failed at "),
        warning);
    assertTrue(warning.contains("(statement 3 too, if that run was killed)"), warning);
    assertTrue(
        warning.contains(
            "CHECK THE DATABASE: undo the effects of statements 1 to 2 by hand before the next"
                + " migrate, which runs 2_b.sql again from its first statement."),
        warning);
    assertEquals(List.of("1|1_a.sql|true"), history());
    assertEquals(MigrationState.PENDING, state("2"));
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM b"), "repair does not undo");
  }

  @Test
  void saysNothingToRepairWhenTheHistoryMatchesTheFiles() throws IOException {
    RepairResult beforeAnyMigrate = repair();
    assertFalse(beforeAnyMigrate.changed());
    assertTrue(log.lines.contains("INFO Nothing to repair."), log.all());
    assertFalse(Sql.tables(database).contains("pgkeeper_history"), "repair creates nothing");

    write("001_a.sql", "CREATE TABLE a (id int);");
    migrator().migrate();
    log.lines.clear();

    RepairResult result = repair();

    assertFalse(result.changed());
    assertEquals(List.of("INFO Nothing to repair."), log.lines);
  }

  @Test
  void leavesAnAppliedMigrationWhoseFileIsMissingAndSaysWhatToDo() throws IOException {
    write("001_a.sql", "CREATE TABLE a (id int);");
    write("002_b.sql", "CREATE TABLE b (id int);");
    migrator().migrate();
    Files.delete(migrations.resolve("002_b.sql"));
    log.lines.clear();

    RepairResult result = repair();

    assertFalse(result.changed());
    assertEquals(1, result.missingFiles().size());
    assertEquals(
        List.of(
            "Applied migration 002 (002_b.sql) has no file in the locations; left as it is"
                + " (applied, file missing). Migrate refuses to run while it is missing, unless"
                + " validateOnMigrate is turned off: restore the file if it was removed by"
                + " mistake."),
        log.warnings());
    assertTrue(log.lines.contains("INFO Nothing to repair."), log.all());
    assertEquals(List.of("001|001_a.sql|true", "002|002_b.sql|true"), history());
    assertEquals(MigrationState.MISSING_FILE, state("002"));
  }

  @Test
  void repairsEverythingInOneRun() throws IOException {
    write("001_a.sql", "CREATE TABLE a (id int);");
    write("002_b.sql", "CREATE TABLE b (id int);");
    write("003_c.sql", "CREATE TABLE c (id int);");
    migrator().migrate();
    write("001_a.sql", "CREATE TABLE a (id bigint);");
    Files.delete(migrations.resolve("002_b.sql"));
    write("004_d.sql", "SELECT 1/0;");
    assertThrows(
        MigrationFailedException.class,
        () -> new Migrator(config().withValidateOnMigrate(false), log).migrate());

    RepairResult result = repair();

    assertEquals(1, result.realigned().size());
    assertEquals(1, result.removed().size());
    assertEquals(1, result.missingFiles().size());
    assertEquals(
        List.of("001|001_a.sql|true", "002|002_b.sql|true", "003|003_c.sql|true"), history());
    assertEquals(MigrationState.APPLIED, state("001"));
    assertEquals(MigrationState.PENDING, state("004"));
  }
}
