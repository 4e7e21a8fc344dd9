package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A table rewrite (ALTER TABLE … TYPE, TRUNCATE, CLUSTER, VACUUM FULL) gives the table a new
 * relation file whose rows carry the rewriting transaction's id, so a snapshot taken before that
 * transaction committed sees none of them. A backup racing such a command must therefore never read
 * the table with an older snapshot: it waits for the command, then reads what it committed.
 */
class BackupRaceTest {
  private static final int ROWS = 20_000;

  @TempDir Path project;
  ConnectionConfig database;
  RecordingLogger log = new RecordingLogger();

  @BeforeEach
  void setUp() {
    database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        "CREATE TABLE acct (id int PRIMARY KEY, n int, note text);"
            + "INSERT INTO acct SELECT g, g, 'row ' || g FROM generate_series(1, "
            + ROWS
            + ") g;"
            + "CREATE TABLE other (id int);"
            + "INSERT INTO other VALUES (1), (2);");
  }

  /**
   * The rewrite queues behind a session that holds a lock on the table, the backup queues behind
   * the rewrite; then the holder lets go, the rewrite commits, and the backup goes on.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ALTER TABLE acct ALTER COLUMN n TYPE bigint | 20000",
        "BEGIN; TRUNCATE acct; INSERT INTO acct VALUES (1, 1, 'after'); COMMIT | 1",
        "CLUSTER acct USING acct_pkey | 20000",
        "VACUUM FULL acct | 20000",
        "ALTER TABLE acct ADD COLUMN at timestamptz DEFAULT clock_timestamp() | 20000",
      })
  void backupRacingATableRewriteNeverRecordsAnEmptyTable(String rewrite, long expectedRows)
      throws Exception {
    try (Connection holder = Connections.open(database);
        Connection rewriter = Connections.open(database)) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute("LOCK TABLE acct IN ACCESS SHARE MODE");
      }
      CompletableFuture<Void> rewriting =
          CompletableFuture.runAsync(
              () -> {
                try (Statement statement = rewriter.createStatement()) {
                  statement.execute(rewrite);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      awaitWaiters(1);
      CompletableFuture<BackupResult> backup =
          CompletableFuture.supplyAsync(() -> new Backup(config(), log).run());
      awaitWaiters(2);
      holder.commit();
      rewriting.get(60, TimeUnit.SECONDS);
      BackupResult result = backup.get(60, TimeUnit.SECONDS);

      ArchiveVerifier.verify(result.file());
      assertEquals(expectedRows, rows(result.file(), "acct"), log.all());
      assertEquals(2, rows(result.file(), "other"));
    }
  }

  /**
   * A migration that asks for an exclusive lock once the backup holds its locks waits for the
   * backup. A COPY session that asked for its own lock on the table after that would queue behind
   * the migration, which waits for the backup: neither would move until a lock timeout. The table
   * is read by the leader instead, whose lock is already granted.
   */
  @Test
  void aRewriteAskedForWhileTheBackupRunsWaitsForTheBackupWhichStillReadsTheTable()
      throws Exception {
    List<CompletableFuture<Void>> rewriting = new ArrayList<>();
    BackupPauses pauses =
        new BackupPauses() {
          @Override
          public void afterSnapshot() {
            rewriting.add(
                CompletableFuture.runAsync(
                    () -> Sql.execute(database, "ALTER TABLE acct ALTER COLUMN n TYPE bigint")));
            try {
              awaitWaiters(1);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        };

    BackupResult result =
        new Backup(config().withLockTimeout("20s").withJobs(2), log, pauses).run();

    assertEquals(ROWS, rows(result.file(), "acct"));
    rewriting.get(0).get(30, TimeUnit.SECONDS);
    assertEquals(
        "bigint",
        Sql.value(
            database,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'acct'::regclass AND attname = 'n'"));
    assertTrue(log.all().contains("read by the leader session"), log.all());
  }

  /**
   * A table created after the backup listed the tables is not locked before the snapshot; if it is
   * rewritten in that window, the check finds it and the backup starts again with it locked first.
   */
  @Test
  void aTableRewrittenBetweenTheSnapshotAndItsLockIsReadAgainInANewSnapshot() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    BackupPauses pauses =
        new BackupPauses() {
          @Override
          public void afterListing() {
            if (attempts.incrementAndGet() == 1) {
              Sql.execute(
                  database,
                  "CREATE TABLE late (x int); INSERT INTO late SELECT generate_series(1, 10)");
            }
          }

          @Override
          public void afterSnapshot() {
            if (attempts.get() == 1) {
              Sql.execute(
                  database, "BEGIN; TRUNCATE late; INSERT INTO late VALUES (1), (2), (3); COMMIT");
            }
          }
        };

    BackupResult result = new Backup(config(), log, pauses).run();

    assertEquals(3, rows(result.file(), "late"));
    assertEquals(2, attempts.get());
    assertEquals(ROWS, rows(result.file(), "acct"));
    assertTrue(
        log.all().contains("starting again with it locked first: public.late (rewritten)"),
        log.all());
  }

  @Test
  void aSchemaThatKeepsChangingUnderTheSnapshotFailsNamingTheTableAndWritesNoArchive() {
    AtomicInteger attempts = new AtomicInteger();
    BackupPauses pauses =
        new BackupPauses() {
          @Override
          public void afterListing() {
            Sql.execute(
                database, "CREATE TABLE late_" + attempts.incrementAndGet() + " AS SELECT 1 AS x");
          }

          @Override
          public void afterSnapshot() {
            Sql.execute(database, "TRUNCATE late_" + attempts.get());
          }
        };

    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> new Backup(config(), log, pauses).run());

    assertEquals(LeaderSnapshot.ATTEMPTS, attempts.get());
    assertTrue(e.getMessage().contains("public.late_3 (rewritten)"), e.getMessage());
    assertTrue(e.getMessage().contains("No archive was written"), e.getMessage());
    assertFalse(Files.exists(project.resolve("backups")) && hasFiles(project.resolve("backups")));
  }

  /**
   * ATTACH PARTITION takes no lock that the backup's ACCESS SHARE locks keep out, and it changes
   * what the partitioned table's COPY reads: the archive is not called complete.
   */
  @Test
  void aPartitionAttachedWhileTheBackupReadsFailsTheBackupInsteadOfCompletingIt() {
    Sql.execute(
        database,
        "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);"
            + "CREATE TABLE events_2024 PARTITION OF events"
            + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
            + "INSERT INTO events VALUES (1, '2024-05-01');"
            + "CREATE SCHEMA staging;"
            + "CREATE TABLE staging.events_2025 (id int, at date);"
            + "INSERT INTO staging.events_2025 VALUES (2, '2025-05-01');");
    BackupPauses pauses =
        new BackupPauses() {
          @Override
          public void afterData() {
            Sql.execute(
                database,
                "ALTER TABLE events ATTACH PARTITION staging.events_2025"
                    + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
          }
        };

    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> new Backup(config(), log, pauses).run());

    assertTrue(
        e.getMessage().contains("public.events (partitions attached or detached)"), e.getMessage());
    assertFalse(hasFiles(project.resolve("backups")));
  }

  private static boolean hasFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.findAny().isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  BackupConfig config() {
    return BackupConfig.of(database, project.resolve("backups"))
        .withMigrations(List.of(project.resolve("migrations")), false, "public", "no_history");
  }

  /** Waits until {@code count} sessions wait for a lock on acct. */
  private void awaitWaiters(int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      String waiting =
          Sql.value(
              database,
              "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'acct'::regclass");
      if (Integer.parseInt(waiting) >= count) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never saw " + count + " session(s) wait for acct: " + log.all());
      }
      Thread.sleep(20);
    }
  }

  static long rows(Path archive, String table) throws Exception {
    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      TableInfo info =
          reader.header().tables().stream()
              .filter(t -> t.name().equals(table))
              .findFirst()
              .orElseThrow();
      return reader.manifest().totals(info.id()).orElseThrow().rows();
    }
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return row.getInt(1);
    }
  }
}
