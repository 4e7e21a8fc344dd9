package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.MigrateResult;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationLock;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A restore racing other sessions, with real concurrent sessions: a test session holds a lock the
 * restore needs, so the restore stops at a known point, and the other run starts while it waits.
 * Every wait polls pg_stat_activity (who is blocked by whom) or the runs' logs, never the clock.
 */
class RestoreConcurrencyTest extends RestoreTestCase {
  private static final long TIMEOUT_SECONDS = 60;

  /** A thread per run, whatever the common pool's size on this machine. */
  private final ExecutorService threads = Executors.newCachedThreadPool();

  /** A session of its own, in a transaction, holding what {@code sql} locks until it ends. */
  private static Connection holding(ConnectionConfig database, String sql) throws SQLException {
    Connection holder = Connections.open(database);
    holder.setAutoCommit(false);
    try (Statement statement = holder.createStatement()) {
      statement.execute(sql);
    }
    return holder;
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** How many sessions wait for a lock that {@code holder} holds. */
  private static int blockedBy(ConnectionConfig database, Connection holder) throws SQLException {
    return Integer.parseInt(
        Sql.value(
            asSuperuser(database),
            "SELECT count(*) FROM pg_stat_activity WHERE "
                + pid(holder)
                + " = ANY (pg_blocking_pids(pid))"));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Gave up waiting until "
                + what
                + ". Sessions: "
                + Sql.column(
                    TestDatabases.server().connection(),
                    "SELECT pid || ' ' || datname || ' ' || state || ' blocked by '"
                        + " || pg_blocking_pids(pid)::text || ': ' || left(query, 100)"
                        + " FROM pg_stat_activity WHERE datname IS NOT NULL"));
      }
      Thread.sleep(20);
    }
  }

  private static boolean waitsForTheMigrationLock(RecordingLogger log) {
    return log.lines.stream().anyMatch(l -> l.contains("Waiting for the migration lock"));
  }

  private CompletableFuture<RestoreResult> restoreAsync(RestoreConfig config, RecordingLogger to) {
    return CompletableFuture.supplyAsync(() -> new Restore(config, to).run(), threads);
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  private static Throwable failure(CompletableFuture<?> run) throws Exception {
    try {
      run.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static BooleanSupplier unchecked(SqlCondition condition) {
    return () -> {
      try {
        return condition.holds();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private interface SqlCondition {
    boolean holds() throws SQLException;
  }

  @Test
  void twoRestoresIntoOneEmptyDatabaseTakeTurnsAndTheSecondIsToldItNowHoldsRows() throws Exception {
    Path archive = backup(source);
    Map<String, String> expected = DatabaseSnapshot.of(source);
    ConnectionConfig target = ownedDatabase();
    RecordingLogger first = new RecordingLogger();
    RecordingLogger second = new RecordingLogger();
    CompletableFuture<RestoreResult> a;
    CompletableFuture<RestoreResult> b;
    // The history table, created and not committed: a rebuild stops at its CREATE TABLE.
    try (Connection holder =
        holding(target, "CREATE TABLE public.pgkeeper_history (id int PRIMARY KEY)")) {
      a = restoreAsync(restoreConfig(target, archive), first);
      b = restoreAsync(restoreConfig(target, archive), second);
      await(
          "both restores wait: for the holder, or for the other restore's migration lock",
          unchecked(
              () ->
                  blockedBy(target, holder)
                          + (waitsForTheMigrationLock(first) ? 1 : 0)
                          + (waitsForTheMigrationLock(second) ? 1 : 0)
                      >= 2));
      holder.rollback();
    }
    Throwable failedA = failure(a);
    Throwable failedB = failure(b);

    assertTrue(failedA == null ^ failedB == null, "one restore succeeds: " + failedA + failedB);
    Throwable loser = failedA == null ? failedB : failedA;
    assertTrue(loser instanceof PgKeeperException, String.valueOf(loser));
    assertTrue(
        loser.getMessage().contains("The target database already holds 2,830 row(s)")
            && loser.getMessage().contains("-Ddb.restore.clean=true"),
        loser.getMessage());
    assertEquals(Setting.RESTORE_CLEAN, ((PgKeeperException) loser).setting().orElseThrow());
    assertEquals(expected, DatabaseSnapshot.of(target));
    RecordingLogger waited = waitsForTheMigrationLock(first) ? first : second;
    assertTrue(
        waited.all().contains("Waiting for the migration lock, held by a db:restore run")
            || waited.all().contains("application pgkeeper db:restore"),
        "the waiting restore names the other one: " + waited.all());
  }

  @Test
  void aRestoreGivesUpWaitingForTheMigrationLockAfterLockWaitNamingTheHolder() throws Exception {
    Path archive = backup(source);
    change(source);
    Map<String, String> before = DatabaseSnapshot.of(source);
    PgKeeperException gaveUp;
    try (MigrationLock held =
        MigrationLock.acquire(
            source,
            new HistoryTable(HistoryTable.DEFAULT_SCHEMA, HistoryTable.DEFAULT_NAME),
            Duration.ofSeconds(5),
            Logger.NONE)) {
      gaveUp =
          assertThrows(
              PgKeeperException.class,
              () ->
                  restore(
                      restoreConfig(source, archive)
                          .withClean(true)
                          .withLockWait(Duration.ofSeconds(1))));
    }

    assertEquals(Setting.LOCK_WAIT_TIMEOUT, gaveUp.setting().orElseThrow());
    assertTrue(
        gaveUp.getMessage().startsWith("Gave up waiting for the migration lock after 1 s"),
        gaveUp.getMessage());
    assertEquals(before, DatabaseSnapshot.of(source));
  }

  @Test
  void aMigrateStartedWhileARestoreWaitsForItsTablesRunsAfterIt() throws Exception {
    Path archive = backup(source);
    change(source);
    String first;
    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      first = reader.header().loadOrder().get(0).qualifiedName();
    }
    assertNotEquals("\"public\".\"teams\"", first, "migration 003 writes a table locked later");
    Files.writeString(
        migrations.resolve("003_reference_team.sql"),
        "INSERT INTO teams (name) VALUES ('added by 003');\n");
    RecordingLogger restoring = new RecordingLogger();
    RecordingLogger migrating = new RecordingLogger();
    CompletableFuture<RestoreResult> restore;
    CompletableFuture<MigrateResult> migrate;
    try (Connection holder =
        holding(asSuperuser(source), "LOCK TABLE " + first + " IN ACCESS SHARE MODE")) {
      restore = restoreAsync(restoreConfig(source, archive).withClean(true), restoring);
      await("the restore waits for its tables", unchecked(() -> blockedBy(source, holder) == 1));
      migrate =
          CompletableFuture.supplyAsync(
              () ->
                  new Migrator(MigrationConfig.of(source, List.of(migrations), project), migrating)
                      .migrate(),
              threads);
      await(
          "the migrate waits for the migration lock, or is done",
          () -> migrate.isDone() || waitsForTheMigrationLock(migrating));
      holder.rollback();
    }

    assertEquals(null, failure(restore));
    assertEquals(1, migrate.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).applied().size());
    assertEquals(
        "1",
        Sql.value(source, "SELECT count(*) FROM teams WHERE name = 'added by 003'"),
        "migration 003's row was written after the restore, not emptied by it");
    assertEquals("21", Sql.value(source, "SELECT count(*) FROM teams"));
    assertTrue(
        migrating.all().contains("held by a db:restore run (lock session pid"),
        "the waiting migrate names the restore: " + migrating.all());
  }

  @Test
  void aTableDroppedAndCreatedAgainWhileTheRestoreWaitedIsCheckedAsTheNewOne() throws Exception {
    Path archive = backup(source);
    change(source);
    PgKeeperException refused =
        refusedAfterCommitting(
            archive,
            "DROP TABLE \"Odd \"\"Name\"\";Table\";"
                + " CREATE TABLE \"Odd \"\"Name\"\";Table\" (\"Key\" int PRIMARY KEY)");

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "The archive's rows do not fit the target's tables: 1 difference"
                    + System.lineSeparator()
                    + "  - public.Odd \"Name\";Table.vAlue: the target has no such column, the"
                    + " archive has values for it (text)"),
        refused.getMessage());
    assertTrue(
        log.all()
            .contains(
                "Dropped and created again while the restore waited for its lock: public.Odd"
                    + " \"Name\";Table."),
        log.all());
    assertTrue(refused.getMessage().endsWith("the database is as it was before."));
  }

  /**
   * Holds {@code ddl} uncommitted, starts a restore with clean that waits behind it, commits it,
   * and returns the restore's failure.
   */
  private PgKeeperException refusedAfterCommitting(Path archive, String ddl) throws Exception {
    try (Connection holder = holding(source, ddl)) {
      CompletableFuture<RestoreResult> restore =
          restoreAsync(restoreConfig(source, archive).withClean(true), log);
      await("the restore waits for the table", unchecked(() -> blockedBy(source, holder) == 1));
      holder.commit();
      return (PgKeeperException) failure(restore);
    }
  }

  @Test
  void aColumnDroppedWhileTheRestoreWaitedIsRefusedByName() throws Exception {
    Path archive = backup(source);
    PgKeeperException refused =
        refusedAfterCommitting(
            archive, "ALTER TABLE \"Odd \"\"Name\"\";Table\" DROP COLUMN \"vAlue\"");

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "The archive's rows do not fit the target's tables: 1 difference"
                    + System.lineSeparator()
                    + "  - public.Odd \"Name\";Table.vAlue: the target has no such column, the"
                    + " archive has values for it (text)"),
        refused.getMessage());
  }

  /**
   * Not a guarantee but its limit, as docs/restore.md states it: TRUNCATE and COPY FREEZE are not
   * MVCC-safe, so a snapshot older than the restore's commit sees the archive's rows.
   */
  @Test
  void aSnapshotOlderThanTheRestoreSeesTheArchivesRowsNotItsOwn() throws Exception {
    Path archive = backup(source);
    change(source);
    String users = "SELECT count(*) FROM users";
    try (Connection reader = Connections.open(source)) {
      reader.setAutoCommit(false);
      reader.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement statement = reader.createStatement()) {
        // The snapshot, taken without touching (so without locking) a table the restore needs.
        try (ResultSet snapshot = statement.executeQuery("SELECT 1")) {
          snapshot.next();
        }
        restore(restoreConfig(source, archive).withClean(true));

        try (ResultSet rows = statement.executeQuery(users)) {
          rows.next();
          assertEquals(303, rows.getInt(1), "the archive's 303 users, not the snapshot's 304");
        }
      }
      reader.rollback();
    }
    assertEquals("303", Sql.value(source, users));
  }

  @Test
  void aRowWrittenIntoAReferencingTableDuringTheRestoreIsNeverEmptiedAlong() throws Exception {
    Files.writeString(
        migrations.resolve("003_audit.sql"),
        "CREATE TABLE audit (user_id bigint REFERENCES users, what text);\n");
    migrate(source, migrations);
    BackupConfig withoutAudit =
        BackupConfig.of(source, project.resolve("backups"))
            .withMigrations(List.of(migrations), false, "public", "pgkeeper_history")
            .withSelection(List.of("public"), List.of(), List.of("audit"), List.of());
    Path archive = new Backup(withoutAudit, log).run().file();
    change(source);
    Throwable failed;
    // audit is empty when the restore looks, unless it waits for this row's commit first.
    try (Connection holder =
        holding(source, "INSERT INTO audit VALUES (NULL, 'written during the restore')")) {
      CompletableFuture<RestoreResult> restore =
          restoreAsync(restoreConfig(source, archive).withClean(true), log);
      await("the restore waits for audit", unchecked(() -> blockedBy(source, holder) == 1));
      holder.commit();
      failed = failure(restore);
    }

    assertEquals(
        "1", Sql.value(source, "SELECT count(*) FROM audit"), "the committed row is still there");
    assertTrue(failed instanceof PgKeeperException, String.valueOf(failed));
    assertTrue(
        failed.getMessage().contains("public.audit (audit_user_id_fkey references public.users)"),
        failed.getMessage());
  }
}
