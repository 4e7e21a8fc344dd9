package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Down parts, db:rollback and dry runs, against a real PostgreSQL. */
class RollbackTest extends MigrationTestCase {
  /** Messages name files relative to the migrations folder in these tests. */
  @Override
  Path displayBase() {
    return migrations;
  }

  private List<String> history() {
    return Sql.column(database, "SELECT version FROM pgkeeper_history ORDER BY installed_rank");
  }

  private void writeThreeWithDownParts() throws IOException {
    write("1_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n");
    write(
        "2_b.sql",
        "-- migrate:up\nCREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n"
            + "-- migrate:down\nDROP TABLE b;\n");
    write("3_c.sql", "CREATE TABLE c (id int);\n");
    write("3_c.down.sql", "-- undoes 3_c.sql\nDROP TABLE c;\n");
  }

  @Test
  void migrateRunsOnlyTheUpPartAndDownFilesAreNotMigrations() throws IOException {
    writeThreeWithDownParts();
    MigrateResult result = new Migrator(config(), log).migrate();
    assertEquals(3, result.applied().size());
    assertEquals(List.of("a", "b", "c", "pgkeeper_history"), Sql.tables(database));
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM b"));
  }

  @Test
  void rollsBackTheLastNNewestFirstAndRemovesTheirHistoryRows() throws IOException {
    writeThreeWithDownParts();
    new Migrator(config(), log).migrate();

    List<AppliedMigration> undone = new Rollback(config(), log).rollback(2);

    assertEquals(List.of("3", "2"), undone.stream().map(r -> r.version().toString()).toList());
    assertEquals(List.of("a", "pgkeeper_history"), Sql.tables(database));
    assertEquals(List.of("1"), history());
    assertTrue(log.all().contains("Rolled back 3 3_c.sql"), log.all());

    // And forward again.
    assertEquals(2, new Migrator(config(), log).migrate().applied().size());
    assertEquals(List.of("1", "2", "3"), history());
  }

  @Test
  void refusesAndChangesNothingWhenOneOfThemHasNoDownPart() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);\n");
    write("2_b.sql", "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n");
    new Migrator(config(), log).migrate();

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> new Rollback(config(), log).rollback(2));

    assertEquals(Setting.ROLLBACK_COUNT, refused.setting().orElseThrow());
    assertTrue(refused.getMessage().contains("1_a.sql: has no down part"), refused.getMessage());
    assertTrue(refused.getMessage().contains("nothing was changed"), refused.getMessage());
    assertEquals(List.of("a", "b", "pgkeeper_history"), Sql.tables(database));
    assertEquals(List.of("1", "2"), history());
  }

  @Test
  void aFailingDownPartIsRolledBackAndTheMigrationStaysApplied() throws IOException {
    write(
        "1_a.sql",
        "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\nDROP TABLE nope;\n");
    new Migrator(config(), log).migrate();

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> new Rollback(config(), log).rollback(1));

    assertTrue(failure.getMessage().contains("1_a.sql:5"), failure.getMessage());
    assertTrue(failure.getMessage().contains("it stays applied"), failure.getMessage());
    assertEquals(List.of("a", "pgkeeper_history"), Sql.tables(database));
    assertEquals(List.of("1"), history());
  }

  @Test
  void refusesToRollBackMoreThanIsApplied() throws IOException {
    writeThreeWithDownParts();
    new Migrator(config(), log).migrate();
    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> new Rollback(config(), log).rollback(4));
    assertTrue(
        refused.getMessage().contains("Only 3 migration(s) are applied"), refused.getMessage());
    assertEquals(List.of("1", "2", "3"), history());
  }

  @Test
  void dryRunOfMigrateShowsTheExactSqlAndChangesNothing() throws IOException {
    write("1_a.sql", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n");
    write("2_index.sql", "CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n");

    String sql = new Migrator(config(), log).dryRun();

    assertTrue(sql.startsWith("-- Dry run: nothing below has been executed."), sql);
    assertTrue(sql.contains("CREATE TABLE IF NOT EXISTS \"public\".\"pgkeeper_history\""), sql);
    assertTrue(
        sql.contains(
            "BEGIN;\nSET LOCAL lock_timeout = '10s';\nSET LOCAL statement_timeout = '0';\n"
                + "CREATE TABLE a (id int);\nINSERT INTO \"public\".\"pgkeeper_history\""),
        sql);
    assertTrue(sql.contains("'1', 'a', '1_a.sql'"), sql);
    assertTrue(sql.contains("-- Runs without a transaction (CREATE INDEX CONCURRENTLY)"), sql);
    assertTrue(
        sql.contains("CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\nRESET lock_timeout;"), sql);
    assertEquals(List.of(), Sql.tables(database), "not even the history table");
  }

  @Test
  void dryRunOfRollbackShowsTheDownSqlAndChangesNothing() throws IOException {
    writeThreeWithDownParts();
    new Migrator(config(), log).migrate();

    String sql = new Rollback(config(), log).dryRun(1);

    assertTrue(
        sql.contains(
            "-- 3 roll back c (3_c.sql)\nBEGIN;\nSET LOCAL lock_timeout = '10s';\n"
                + "SET LOCAL statement_timeout = '0';\nDROP TABLE c;\n"
                + "DELETE FROM \"public\".\"pgkeeper_history\" WHERE installed_rank = 3;\nCOMMIT;"),
        sql);
    assertEquals(List.of("a", "b", "c", "pgkeeper_history"), Sql.tables(database));
  }

  @Test
  void aDownFileWithoutItsMigrationIsReportedAndSkipped() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);\n");
    write("2_gone.down.sql", "DROP TABLE gone;\n");
    new Migrator(config(), log).migrate();
    assertTrue(
        log.warnings().stream()
            .anyMatch(w -> w.contains("2_gone.down.sql: no migration 2_gone.sql")),
        log.all());
    assertFalse(history().contains("2"));
  }
}
