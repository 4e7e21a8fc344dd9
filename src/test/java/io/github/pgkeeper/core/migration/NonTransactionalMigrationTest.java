package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Migrations that cannot run in a transaction, their progress and resumption, and timeouts. */
class NonTransactionalMigrationTest extends MigrationTestCase {
  /** Messages name files relative to the migrations folder in these tests. */
  @Override
  Path displayBase() {
    return migrations;
  }

  @Test
  void concurrentIndexAndVacuumRunOutsideATransaction() throws IOException {
    write(
        "1_table.sql",
        "CREATE TABLE items (id int PRIMARY KEY, sku text);\n"
            + "INSERT INTO items SELECT g, 'sku-' || g FROM generate_series(1, 1000) g;\n");
    write(
        "2_index.sql",
        "CREATE UNIQUE INDEX CONCURRENTLY items_sku_idx ON items (sku);\nVACUUM ANALYZE items;\n");

    migrator().migrate();

    assertTrue(log.all().contains("without a transaction: CREATE INDEX CONCURRENTLY"), log.all());
    assertEquals(
        "t",
        Sql.value(
            database,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_sku_idx'::regclass"));
    assertEquals(MigrationState.APPLIED, status("2").state());
    assertEquals(
        "2|2|true",
        Sql.value(
            database,
            "SELECT statement_count || '|' || statements_applied || '|' || success"
                + " FROM pgkeeper_history WHERE version = '2'"));
  }

  @Test
  void aFailureRecordsProgressAndTheNextRunResumesAtTheFailedStatement() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write(
        "2_b.sql",
        "-- db:transaction off\n"
            + "CREATE TABLE b (id int);\n"
            + "INSERT INTO b VALUES (1);\n"
            + "INSERT INTO c VALUES (1);\n"
            + "INSERT INTO b VALUES (3);\n");

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals(4, failure.line());
    assertTrue(failure.getMessage().contains("2_b.sql:4 (statement 3 of 4)"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("statements 1 to 2 stay applied"), failure.getMessage());
    assertEquals("failed at statement 3 of 4", status("2").stateText());
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM b"), "statements 1 and 2 ran");

    // Fix statement 3 only: the run resumes there and does not create b again.
    write(
        "2_b.sql",
        "-- db:transaction off\n"
            + "CREATE TABLE b (id int);\n"
            + "INSERT INTO b VALUES (1);\n"
            + "INSERT INTO b VALUES (2);\n"
            + "INSERT INTO b VALUES (3);\n");
    migrator().migrate();

    assertTrue(log.all().contains("Resuming 2 at statement 3 of 4"), log.all());
    assertEquals(List.of("1", "2", "3"), Sql.column(database, "SELECT id FROM b ORDER BY id"));
    assertEquals(MigrationState.APPLIED, status("2").state());
    assertEquals(
        "1", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE version = '2'"));
  }

  /**
   * A simulated login inside a block, as auth.uid() tests do: the local setting lives until the
   * block's COMMIT, so the INSERT's NOT NULL default reads it, even in a file that is off.
   */
  @Test
  void withTransactionOffABlockStaysOneTransactionAndItsLocalSettingLastsUntilItsCommit()
      throws IOException {
    write(
        "1_posts.sql",
        """
        -- db:transaction off
        create table posts (
          id int primary key,
          author text not null default current_setting('request.jwt.claim.sub', true)
        );
        begin;
        select set_config('request.jwt.claim.sub', 'user-42', true);
        insert into posts (id) values (1);
        commit;
        create index concurrently posts_author on posts (author);
        """);

    migrator().migrate();

    assertEquals("user-42", Sql.value(database, "SELECT author FROM posts WHERE id = 1"));
    assertEquals(
        "t",
        Sql.value(
            database,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'posts_author'::regclass"));
    assertEquals(MigrationState.APPLIED, status("1").state());
  }

  @Test
  void aFileWithBlocksKilledBeforeItsFinalMarkSaysSoAndTheNextRunOnlyRecordsIt()
      throws IOException {
    write(
        "1_b.sql",
        "-- db:transaction off\nCREATE TABLE b (id int);\n"
            + "BEGIN;\nINSERT INTO b VALUES (1);\nCOMMIT;\nINSERT INTO b VALUES (2);\n");
    migrator().migrate();
    // A row left failed although every segment committed: the next run only marks it applied.
    Sql.execute(database, "UPDATE pgkeeper_history SET success = false WHERE version = '1'");

    assertEquals("failed after segment 3 of 3", status("1").stateText());
    migrator().migrate();

    assertTrue(log.all().contains("Resuming 1: all 3 segments committed"), log.all());
    assertEquals(MigrationState.APPLIED, status("1").state());
    assertEquals("2", Sql.value(database, "SELECT count(*) FROM b"), "nothing ran twice");
  }

  @Test
  void aRunKilledAfterItsLastStatementSaysSoAndTheNextRunOnlyRecordsIt() throws IOException {
    write(
        "1_b.sql", "-- db:transaction off\nCREATE TABLE b (id int);\nINSERT INTO b VALUES (1);\n");
    migrator().migrate();
    // As a kill between the last statement's progress and the final mark leaves it.
    Sql.execute(database, "UPDATE pgkeeper_history SET success = false WHERE version = '1'");

    assertEquals("failed after statement 2 of 2", status("1").stateText());
    migrator().migrate();

    assertTrue(log.all().contains("Resuming 1: all 2 statements ran"), log.all());
    assertEquals(MigrationState.APPLIED, status("1").state());
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM b"), "nothing ran twice");
  }

  @Test
  void resumingRefusesWhenTheStatementsThatRanHaveChanged() throws IOException {
    write("1_b.sql", "-- db:transaction off\nCREATE TABLE b (id int);\nSELECT 1/0;\n");
    assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    write("1_b.sql", "-- db:transaction off\nCREATE TABLE b (id bigint);\nSELECT 1;\n");
    PgKeeperException refused = assertThrows(PgKeeperException.class, () -> migrator().migrate());

    assertTrue(
        refused.getMessage().contains("failed earlier after its first 1 statement(s)"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("db:repair"), refused.getMessage());
    assertEquals(
        "integer",
        Sql.value(
            database, "SELECT data_type FROM information_schema.columns WHERE table_name = 'b'"));
  }

  @Test
  void aBlockedMigrationFailsFastNamingTheBlockingSessionAndItsQuery() throws Exception {
    write("1_accounts.sql", "CREATE TABLE accounts (id int);");
    migrator().migrate();
    write("2_add_column.sql", "ALTER TABLE accounts ADD COLUMN email text;");

    try (Connection blocker = Connections.open(database);
        Statement statement = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      statement.execute("SET application_name = 'nightly-report'");
      statement.execute("LOCK TABLE accounts IN ACCESS SHARE MODE");
      statement.execute("SELECT count(*) FROM accounts /* long report */");
      int blockerPid =
          Integer.parseInt(
              Sql.value(
                  database,
                  "SELECT pid FROM pg_stat_activity WHERE application_name = 'nightly-report'"));

      long started = System.nanoTime();
      MigrationFailedException failure =
          assertThrows(
              MigrationFailedException.class,
              () ->
                  new Migrator(
                          config().withTimeouts(new Timeouts(Duration.ofSeconds(30), "1s", "0")),
                          log)
                      .migrate());
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertEquals("55P03", failure.sqlState());
      assertTrue(millis < 8000, "failed fast, in " + millis + " ms");
      String message = failure.getMessage();
      assertTrue(message.contains("Blocked by: pid " + blockerPid), message);
      assertTrue(message.contains("nightly-report"), message);
      assertTrue(message.contains("/* long report */"), message);
      blocker.rollback();
    }
    assertFalse(
        Sql.column(
                database,
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'")
            .contains("email"));
  }

  @Test
  void anInvalidTimeoutIsRefusedNamingTheSetting() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    PgKeeperException failure =
        assertThrows(
            PgKeeperException.class,
            () ->
                new Migrator(
                        config().withTimeouts(new Timeouts(Duration.ofSeconds(5), "soon", "0")),
                        log)
                    .migrate());
    assertEquals(Setting.LOCK_TIMEOUT, failure.setting().orElseThrow());
    assertTrue(
        failure.getMessage().contains("'soon' is not a valid lock_timeout"), failure.getMessage());
    assertFalse(Sql.tables(database).contains("a"));
  }

  @Test
  void statementTimeoutAppliesToEachMigration() throws IOException {
    write("1_slow.sql", "SELECT pg_sleep(5);");
    MigrationFailedException failure =
        assertThrows(
            MigrationFailedException.class,
            () ->
                new Migrator(
                        config().withTimeouts(new Timeouts(Duration.ofSeconds(5), "10s", "300ms")),
                        log)
                    .migrate());
    assertEquals("57014", failure.sqlState());
    assertTrue(failure.getMessage().contains("statement timeout"), failure.getMessage());
  }
}
