package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements that commit part of their work before they end (CREATE INDEX CONCURRENTLY, REINDEX
 * CONCURRENTLY, DETACH PARTITION CONCURRENTLY), interrupted by a statement timeout, a killed
 * session or a unique violation, and the migrate run after that: it ends with a valid index, or
 * refuses naming what is in the way; it never records the migration as applied with an invalid
 * index.
 */
class InterruptedConcurrentStatementsTest extends MigrationTestCase {
  private static final Timeouts SHORT_STATEMENTS =
      new Timeouts(Duration.ofSeconds(30), "10s", "500ms");

  @Override
  Path displayBase() {
    return migrations;
  }

  @BeforeEach
  void createItems() throws IOException {
    write(
        "1_items.sql",
        "CREATE TABLE items (id int PRIMARY KEY, sku text);\n"
            + "INSERT INTO items SELECT g, 'sku-' || g FROM generate_series(1, 1000) g;\n");
    migrator().migrate();
  }

  private MigrateResult migrateWith(Timeouts timeouts) {
    return new Migrator(config().withTimeouts(timeouts), log).migrate();
  }

  /**
   * A session with an open transaction that wrote to {@code table}: a concurrent index build (and
   * its DROP INDEX CONCURRENTLY) waits for it to end.
   */
  private Connection writerOn(String table) throws Exception {
    Connection writer = Connections.open(database);
    writer.setAutoCommit(false);
    try (Statement statement = writer.createStatement()) {
      statement.execute("INSERT INTO " + table + " VALUES (-1, 'in flight')");
    }
    return writer;
  }

  private String indexes(String table) {
    return String.join(
        ", ",
        Sql.column(
            database,
            "SELECT c.relname || CASE WHEN x.indisvalid THEN '' ELSE ' (invalid)' END"
                + " FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
                + " WHERE x.indrelid = '"
                + table
                + "'::regclass AND NOT x.indisprimary ORDER BY 1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"IF NOT EXISTS ", ""})
  void aTimedOutConcurrentIndexIsBuiltAgainValidOnTheNextRun(String ifNotExists) throws Exception {
    write(
        "2_sku_index.sql",
        "CREATE INDEX CONCURRENTLY " + ifNotExists + "items_sku_idx ON items (sku);\n");
    MigrationFailedException timedOut;
    try (Connection writer = writerOn("items")) {
      timedOut = assertThrows(MigrationFailedException.class, () -> migrateWith(SHORT_STATEMENTS));
      writer.rollback();
    }
    assertEquals("57014", timedOut.sqlState());
    assertEquals("items_sku_idx (invalid)", indexes("items"), "the build left it invalid");
    assertEquals("failed at statement 1 of 1", status("2").stateText());

    migrator().migrate();

    assertEquals("items_sku_idx", indexes("items"));
    assertEquals(MigrationState.APPLIED, status("2").state());
    assertTrue(log.all().contains("Dropping the invalid index public.items_sku_idx"), log.all());
  }

  @Test
  void aStatementTimeoutNamesTheSettingAndWhatItWaitedForNotABlockerItNeverSaw() throws Exception {
    write("2_sku_index.sql", "CREATE INDEX CONCURRENTLY items_sku_idx ON items (sku);\n");
    MigrationFailedException timedOut;
    int writerPid;
    try (Connection writer = writerOn("items")) {
      writerPid = backendPid(writer);
      timedOut = assertThrows(MigrationFailedException.class, () -> migrateWith(SHORT_STATEMENTS));
      writer.rollback();
    }
    String message = timedOut.getMessage();
    assertEquals(io.github.pgkeeper.core.Setting.STATEMENT_TIMEOUT, timedOut.setting().get());
    assertTrue(
        message.contains("Timed out: the statement ran longer than statement_timeout"), message);
    assertTrue(message.contains("statementTimeout (500ms)"), message);
    assertTrue(message.contains("It was waiting for a lock held by: pid " + writerPid), message);
    assertFalse(message.contains("Blocked by"), message);
    assertTrue(message.contains("none of its statements was applied"), message);
    assertFalse(message.contains("statements 1 to 0"), message);
    assertTrue(message.contains("It left the invalid index public.items_sku_idx"), message);
    assertTrue(message.contains("it resumes at statement 1"), message);
  }

  @Test
  void aStatementTimeoutWithNoLockWaitSaysNothingAboutBlockers() throws IOException {
    write("2_slow.sql", "SELECT pg_sleep(5);\n");
    MigrationFailedException timedOut =
        assertThrows(MigrationFailedException.class, () -> migrateWith(SHORT_STATEMENTS));
    String message = timedOut.getMessage();
    assertTrue(
        message.contains("Timed out: the statement ran longer than statement_timeout"), message);
    assertFalse(message.contains("Blocked by"), message);
    assertFalse(message.contains("no session seen"), message);
    assertTrue(message.contains("Raise statementTimeout"), message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"IF NOT EXISTS ", ""})
  void aConcurrentIndexWhoseSessionWasKilledIsBuiltAgainValid(String ifNotExists) throws Exception {
    write(
        "2_sku_index.sql",
        "CREATE INDEX CONCURRENTLY " + ifNotExists + "items_sku_idx ON items (sku);\n");
    killWhileWaiting("CREATE INDEX CONCURRENTLY");
    assertEquals("items_sku_idx (invalid)", indexes("items"));

    migrator().migrate();

    assertEquals("items_sku_idx", indexes("items"));
    assertEquals(MigrationState.APPLIED, status("2").state());
  }

  @Test
  void anUnnamedConcurrentIndexKilledOnceLeavesNoInvalidCopyBehind() throws Exception {
    write("2_sku_index.sql", "CREATE INDEX CONCURRENTLY ON items (sku);\n");
    killWhileWaiting("CREATE INDEX CONCURRENTLY");
    assertEquals("items_sku_idx (invalid)", indexes("items"));

    migrator().migrate();

    assertEquals("items_sku_idx1", indexes("items"), "the rebuilt index, and no invalid copy");
    assertEquals(MigrationState.APPLIED, status("2").state());
  }

  @Test
  void aUniqueConcurrentIndexFailingOnDuplicatesIsDroppedAtOnceAndBuiltOnceTheDataIsFixed()
      throws Exception {
    Sql.execute(database, "UPDATE items SET sku = 'sku-1' WHERE id = 2");
    write(
        "2_unique_sku.sql",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_sku_key ON items (sku);\n");

    MigrationFailedException duplicates =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals("23505", duplicates.sqlState());
    assertTrue(
        duplicates
            .getMessage()
            .contains(
                "It left the invalid index public.items_sku_key, which" + " pgkeeper dropped"),
        duplicates.getMessage());
    assertEquals("", indexes("items"), "no invalid unique index rejects the application's rows");
    assertEquals("failed at statement 1 of 1", status("2").stateText());

    Sql.execute(database, "UPDATE items SET sku = 'sku-2' WHERE id = 2");
    migrator().migrate();

    assertEquals("items_sku_key", indexes("items"));
    assertEquals(MigrationState.APPLIED, status("2").state());
  }

  @Test
  void anIndexAnotherSessionIsStillBuildingIsRefusedNamingThatSession() throws Exception {
    write(
        "2_sku_index.sql",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS items_sku_idx ON items (sku);\n");
    try (Connection writer = writerOn("items");
        Connection builder = Connections.open(database)) {
      int builderPid = backendPid(builder);
      CompletableFuture<Void> build =
          CompletableFuture.runAsync(
              () -> {
                try (Statement statement = builder.createStatement()) {
                  statement.execute("CREATE INDEX CONCURRENTLY items_sku_idx ON items (sku)");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      awaitWaiting(builderPid);

      MigrationFailedException refused =
          assertThrows(MigrationFailedException.class, () -> migrator().migrate());

      assertTrue(refused.getMessage().contains("pid " + builderPid), refused.getMessage());
      assertTrue(
          refused.getMessage().contains("pg_cancel_backend(" + builderPid + ")"),
          refused.getMessage());
      assertEquals("failed at statement 1 of 1", status("2").stateText());
      writer.rollback();
      build.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anInterruptedReindexLeavesNoTransientIndexBehind() throws Exception {
    Sql.execute(database, "CREATE INDEX items_sku_idx ON items (sku)");
    write("2_reindex.sql", "REINDEX TABLE CONCURRENTLY items;\n");
    try (Connection writer = writerOn("items")) {
      assertThrows(MigrationFailedException.class, () -> migrateWith(SHORT_STATEMENTS));
      writer.rollback();
    }
    assertTrue(indexes("items").contains("_ccnew (invalid)"), indexes("items"));

    migrator().migrate();

    assertEquals("items_sku_idx", indexes("items"));
    assertEquals(MigrationState.APPLIED, status("2").state());
  }

  @Test
  void aReindexThatWouldSkipAnInvalidIndexIsRefusedNamingIt() throws Exception {
    Sql.execute(database, "UPDATE items SET sku = 'sku-1' WHERE id = 2");
    assertThrows(
        IllegalStateException.class,
        () ->
            Sql.execute(database, "CREATE UNIQUE INDEX CONCURRENTLY items_sku_key ON items (sku)"));
    write("2_reindex.sql", "REINDEX TABLE CONCURRENTLY items;\n");

    MigrationFailedException refused =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertTrue(
        refused.getMessage().contains("public.items_sku_key would stay invalid"),
        refused.getMessage());
    assertTrue(
        refused.getMessage().contains("REINDEX INDEX CONCURRENTLY public.items_sku_key"),
        refused.getMessage());
    assertEquals("failed at statement 1 of 1", status("2").stateText());
  }

  @Test
  void anInterruptedConcurrentDetachIsFinishedOnTheNextRun() throws Exception {
    write(
        "2_partitions.sql",
        "CREATE TABLE events (id int) PARTITION BY RANGE (id);\n"
            + "CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM (0) TO (10);\n");
    migrator().migrate();
    write("3_detach.sql", "ALTER TABLE events DETACH PARTITION events_1 CONCURRENTLY;\n");
    MigrationFailedException timedOut;
    try (Connection reader = Connections.open(database);
        Statement statement = reader.createStatement()) {
      reader.setAutoCommit(false);
      statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      statement.execute("SELECT count(*) FROM events");
      timedOut = assertThrows(MigrationFailedException.class, () -> migrateWith(SHORT_STATEMENTS));
      reader.rollback();
    }
    assertTrue(
        timedOut.getMessage().contains("It left partition events_1 detach pending"),
        timedOut.getMessage());

    migrator().migrate();

    assertEquals(
        "0",
        Sql.value(
            database, "SELECT count(*) FROM pg_inherits WHERE inhrelid = 'events_1'::regclass"));
    assertEquals(MigrationState.APPLIED, status("3").state());
  }

  @Test
  void aResumeReplaysTheSessionSettingsOfTheStatementsBeforeIt() throws Exception {
    Sql.execute(database, "CREATE SCHEMA app; CREATE TABLE app.parts (id int, code text)");
    Sql.execute(database, "INSERT INTO app.parts VALUES (1, 'a'), (2, 'a')");
    write(
        "2_parts_code.sql",
        "SET search_path = app;\n"
            + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS parts_code_key ON parts (code);\n");
    assertThrows(MigrationFailedException.class, () -> migrator().migrate());
    assertEquals("failed at statement 2 of 2", status("2").stateText());

    Sql.execute(database, "UPDATE app.parts SET code = 'b' WHERE id = 2");
    migrator().migrate();

    assertEquals("parts_code_key", indexes("app.parts"));
  }

  @Test
  void aRollbackWhoseConcurrentIndexFailedBuildsItValidOnTheNextTry() throws Exception {
    Sql.execute(database, "CREATE UNIQUE INDEX items_sku_key ON items (sku)");
    write(
        "2_drop_sku_key.sql",
        "-- migrate:up\n"
            + "DROP INDEX CONCURRENTLY IF EXISTS items_sku_key;\n"
            + "-- migrate:down\n"
            + "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_sku_key ON items (sku);\n");
    migrator().migrate();
    Sql.execute(database, "UPDATE items SET sku = 'sku-1' WHERE id = 2");
    assertThrows(MigrationFailedException.class, () -> new Rollback(config(), log).rollback(1));
    assertEquals("", indexes("items"));

    Sql.execute(database, "UPDATE items SET sku = 'sku-2' WHERE id = 2");
    new Rollback(config(), log).rollback(1);

    assertEquals("items_sku_key", indexes("items"));
    assertEquals(MigrationState.PENDING, status("2").state());
  }

  /** Runs migrate and terminates its session while its statement waits for {@code writerOn}. */
  private void killWhileWaiting(String statementStart) throws Exception {
    try (Connection writer = writerOn("items")) {
      CompletableFuture<MigrateResult> run =
          CompletableFuture.supplyAsync(() -> migrator().migrate());
      String pid =
          awaitValue(
              "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                  + " AND query LIKE '"
                  + statementStart
                  + "%'");
      Sql.execute(database, "SELECT pg_terminate_backend(" + pid + ")");
      Exception killed = assertThrows(Exception.class, () -> run.get(30, TimeUnit.SECONDS));
      assertTrue(killed.getCause() instanceof PgKeeperException, String.valueOf(killed));
      writer.rollback();
    }
    awaitValue(
        "SELECT 1 WHERE NOT EXISTS (SELECT FROM pg_stat_activity WHERE query LIKE '"
            + statementStart
            + "%' AND pid <> pg_backend_pid())");
  }

  private void awaitWaiting(int pid) throws InterruptedException {
    awaitValue("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid = " + pid);
  }

  /** Polls {@code query} until it returns a row; its first value. */
  private String awaitValue(String query) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String value = Sql.value(database, query);
      if (value != null) {
        return value;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no row from " + query);
  }

  private static int backendPid(Connection connection) throws Exception {
    try (Statement statement = connection.createStatement();
        var result = statement.executeQuery("SELECT pg_backend_pid()")) {
      result.next();
      return result.getInt(1);
    }
  }
}
