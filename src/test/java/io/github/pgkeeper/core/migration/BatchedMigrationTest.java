package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A transactional migration goes to the server as one batch. These check what that must not change:
 * all or nothing, the failing line, and the history row.
 */
class BatchedMigrationTest extends MigrationTestCase {

  @Test
  void aFailureEarlyInALongMigrationLeavesNothingBehind() throws IOException {
    // Long enough that the driver syncs with the server part-way through the batch.
    StringBuilder sql = new StringBuilder("CREATE TABLE first_one (id int);\n");
    sql.append("INSERT INTO missing_table VALUES (1);\n");
    for (int i = 0; i < 600; i++) {
      sql.append("CREATE TABLE t").append(i).append(" (id int);\n");
    }
    write("001_long.sql", sql.toString());

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals(2, failure.line());
    assertTrue(failure.getMessage().contains("missing_table"), failure.getMessage());
    assertEquals(List.of("pgkeeper_history"), Sql.tables(database));
    assertEquals("0", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE success"));
  }

  @Test
  void aFailureAtCommitRollsBackAndIsReported() throws IOException {
    write(
        "001_deferred.sql",
        """
        CREATE TABLE parent (id int PRIMARY KEY);
        CREATE TABLE child (
          parent_id int REFERENCES parent DEFERRABLE INITIALLY DEFERRED
        );
        INSERT INTO child VALUES (42);
        """);

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals("23503", failure.sqlState());
    assertTrue(failure.getMessage().contains("001_deferred.sql"), failure.getMessage());
    assertEquals(List.of("pgkeeper_history"), Sql.tables(database));
  }

  @Test
  void queriesAndDoBlocksRunInTheBatchAndTheRunTimeIsRecorded() throws IOException {
    write(
        "001_mixed.sql",
        """
        SELECT set_config('search_path', 'public', true);
        CREATE TABLE a (id int);
        DO $$ BEGIN INSERT INTO a VALUES (1); END $$;
        INSERT INTO a SELECT g FROM generate_series(2, 3) g RETURNING id;
        SELECT pg_sleep(0.05);
        """);

    migrator().migrate();

    assertEquals("3", Sql.value(database, "SELECT count(*) FROM a"));
    int millis =
        Integer.parseInt(
            Sql.value(database, "SELECT execution_time_ms FROM pgkeeper_history WHERE success"));
    assertTrue(millis >= 50, "recorded " + millis + " ms for a migration that sleeps 50 ms");
  }

  @Test
  void namesWithQuotesAndBackslashesAreRecordedAsTheyAre() throws IOException {
    write("001_o'brien\\data.sql", "CREATE TABLE a (id int);");

    migrator().migrate();

    assertEquals(
        "o'brien\\data",
        Sql.value(database, "SELECT description FROM pgkeeper_history WHERE success"));
  }

  @Test
  void aFileOfOnlyCommentsIsRecordedAndALastStatementNeedsNoSemicolon() throws IOException {
    write("001_placeholder.sql", "-- Kept so the numbering has no gap.\n/* nothing to do */\n");
    write("002_no_semicolon.sql", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1)\n-- done");

    migrator().migrate();

    assertEquals("2", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE success"));
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM a"));
  }

  @Test
  void theFailedEntryIsTakenOnlyWhereItsIndexStandsNextToItsOwnText() {
    List<String> entries = List.of("BEGIN", "CREATE TABLE a (id int)", "CREATE TABLE a (id int)");
    assertEquals(
        OptionalInt.of(2),
        FailedBatchEntry.find(
            batchError("Batch entry 2 CREATE TABLE a (id int) was aborted"), entries));
    assertEquals(
        OptionalInt.of(1),
        FailedBatchEntry.find(batchError("Batch entry 1 <unknown> was aborted: ERROR"), entries));
    // A reworded message without the index, and a plain SQLException, give nothing.
    assertEquals(
        OptionalInt.empty(),
        FailedBatchEntry.find(batchError("Stapel abgebrochen: CREATE TABLE a (id int)"), entries));
    assertEquals(
        OptionalInt.empty(),
        FailedBatchEntry.find(new SQLException("Batch entry 1 BEGIN"), entries));
    // "12 BEGIN" must not be read as entry 2 or entry 0.
    assertEquals(
        OptionalInt.empty(),
        FailedBatchEntry.find(batchError("Batch entry 12 BEGIN was aborted"), entries));
  }

  private static BatchUpdateException batchError(String message) {
    return new BatchUpdateException(message, "42P07", 0, new int[0], null);
  }
}
