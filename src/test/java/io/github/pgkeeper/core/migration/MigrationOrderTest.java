package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The order migrations run in: numeric by default, the Supabase CLI's file-name order for Supabase
 * projects, and one order for migrate, status, baseline and the out-of-order check.
 */
class MigrationOrderTest extends MigrationTestCase {
  private MigrationOrder order = MigrationOrder.NUMERIC;

  @Override
  MigrationConfig config() {
    return super.config().withOrder(order);
  }

  /** A set as real Supabase projects have it: 14-digit timestamps and a later 8-digit date. */
  private void writeMixedWidthSet() throws IOException {
    write("20230101120000_create_people.sql", "CREATE TABLE people (id int PRIMARY KEY);");
    write("20230315_add_email.sql", "ALTER TABLE people ADD COLUMN email text;");
    write("20230401120000_add_name.sql", "ALTER TABLE people ADD COLUMN name text;");
  }

  private List<String> appliedInOrder() {
    return Sql.column(
        database, "SELECT version FROM pgkeeper_history WHERE success ORDER BY installed_rank");
  }

  @Test
  void aMixedWidthSetThatFailsByNumberAppliesInTheCliFileNameOrder() throws IOException {
    writeMixedWidthSet();

    // By number 20230315 is the smallest, so it runs first, before its table exists.
    MigrationFailedException byNumber =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());
    assertTrue(byNumber.getMessage().contains("20230315_add_email.sql"), byNumber.getMessage());

    order = MigrationOrder.FILE_NAME;
    Sql.execute(database, "DELETE FROM pgkeeper_history");
    MigrateResult byName = migrator().migrate();

    assertEquals(
        List.of("20230101120000", "20230315", "20230401120000"),
        byName.applied().stream().map(f -> f.version().toString()).toList());
    assertEquals(List.of("20230101120000", "20230315", "20230401120000"), appliedInOrder());
    assertEquals("20230401120000", byName.currentVersion().orElseThrow().toString());
    assertEquals("20230401120000", migrator().status().currentVersion().orElseThrow().toString());
  }

  @Test
  void theOutOfOrderCheckComparesAsTheOrderRunsFiles() throws IOException {
    order = MigrationOrder.FILE_NAME;
    writeMixedWidthSet();
    migrator().migrate();
    // Between the first two by file name: older than what is applied.
    write("20230201120000_add_phone.sql", "ALTER TABLE people ADD COLUMN phone text;");

    assertEquals(MigrationState.OUT_OF_ORDER, status("20230201120000").state());
    PgKeeperException refused = assertThrows(PgKeeperException.class, () -> migrator().migrate());
    assertEquals(Setting.OUT_OF_ORDER, refused.setting().orElseThrow());
    assertTrue(refused.getMessage().contains("20230201120000_add_phone.sql"), refused.getMessage());
    Files.delete(migrations.resolve("20230201120000_add_phone.sql"));

    // A later 8-digit date comes last by file name, but is the smallest number but one.
    write("20230501_add_phone.sql", "ALTER TABLE people ADD COLUMN phone text;");
    assertEquals(MigrationState.PENDING, status("20230501").state());
    order = MigrationOrder.NUMERIC;
    assertEquals(MigrationState.OUT_OF_ORDER, status("20230501").state());
    order = MigrationOrder.FILE_NAME;
    assertEquals(
        List.of("20230501"),
        migrator().migrate().applied().stream().map(f -> f.version().toString()).toList());
  }

  @Test
  void statusListsMigrationsInTheOrderTheyRun() throws IOException {
    order = MigrationOrder.FILE_NAME;
    writeMixedWidthSet();

    assertEquals(
        List.of("20230101120000", "20230315", "20230401120000"),
        migrator().status().migrations().stream().map(m -> m.version().toString()).toList());
  }

  @Test
  void baselineCountsUpToTheVersionInTheSameOrder() throws IOException {
    order = MigrationOrder.FILE_NAME;
    writeMixedWidthSet();

    BaselineResult result = new Baseline(config(), log).toVersion(Version.parse("20230315"));

    // By file name 20230101120000 comes before 20230315; by number it would come after it.
    assertEquals(
        List.of("20230101120000", "20230315"),
        result.recorded().stream().map(f -> f.version().toString()).toList());
    assertEquals(MigrationState.PENDING, status("20230401120000").state());
    assertEquals(MigrationState.APPLIED, status("20230101120000").state());
  }

  @Test
  void aTargetStopsAtItsPlaceInFileNameOrder() throws IOException {
    order = MigrationOrder.FILE_NAME;
    writeMixedWidthSet();

    new Migrator(config().withTarget(Version.parse("20230315")), log).migrate();

    assertEquals(List.of("20230101120000", "20230315"), appliedInOrder());
  }

  @Test
  void fileNameOrderSkipsWhatTheCliSkips() throws IOException {
    order = MigrationOrder.FILE_NAME;
    // The CLI skips an old init dump that is the folder's first entry, and names that do not match
    // ^([0-9]+)_(.*)\.sql$: Flyway's, a dash, a letter suffix, no description.
    write("20211001000000_init.sql", "CREATE TABLE dump (id int);");
    write("20240101000000_people.sql", "CREATE TABLE people (id int);");
    write("V2__flyway.sql", "CREATE TABLE flyway (id int);");
    write("20240102-dash.sql", "CREATE TABLE dash (id int);");
    write("20240103a_suffix.sql", "CREATE TABLE suffix (id int);");
    write("20240104.sql", "CREATE TABLE bare (id int);");

    migrator().migrate();

    assertEquals(List.of("20240101000000"), appliedInOrder());
    assertEquals(List.of("people", "pgkeeper_history"), Sql.tables(database));
    String warnings = String.join("\n", log.warnings());
    for (String skipped :
        List.of("V2__flyway.sql", "20240102-dash.sql", "20240103a_suffix.sql", "20240104.sql")) {
      assertTrue(
          warnings.contains(
              "Skipping migrations/"
                  + skipped
                  + ": migrations here run as the"
                  + " Supabase CLI runs them"),
          warnings);
    }
    assertTrue(warnings.contains("Skipping migrations/20211001000000_init.sql"), warnings);

    // An init file that is not the folder's first entry is an ordinary migration for the CLI.
    Files.writeString(migrations.resolve("0_first.sql"), "CREATE TABLE first (id int);");
    order = MigrationOrder.FILE_NAME;
    Sql.execute(database, "DROP TABLE people; DELETE FROM pgkeeper_history");
    migrator().migrate();
    assertEquals(List.of("0", "20211001000000", "20240101000000"), appliedInOrder());
  }

  @Test
  void numericOrderKeepsRunningEveryNameItParses() throws IOException {
    write("20240101000000_people.sql", "CREATE TABLE people (id int);");
    write("V20240102000000__flyway.sql", "CREATE TABLE flyway (id int);");
    write("20240103-dash.sql", "CREATE TABLE dash (id int);");

    migrator().migrate();

    assertEquals(List.of("dash", "flyway", "people", "pgkeeper_history"), Sql.tables(database));
  }
}
