package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.ChildJvm;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent runs, killed runs and the migration lock, with real separate processes. */
class ConcurrentMigrateTest {
  @TempDir Path migrations;
  ConnectionConfig database;

  @BeforeEach
  void setUp() {
    database = TestDatabases.freshDatabase();
  }

  private void write(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  private MigrationConfig config(Duration lockWait) {
    return MigrationConfig.of(database, List.of(migrations), migrations)
        .withTimeouts(new Timeouts(lockWait, "10s", "0"));
  }

  @Test
  void sixProcessesMigrateAtOnceAndEachMigrationIsAppliedExactlyOnce() throws Exception {
    int count = 20;
    for (int i = 1; i <= count; i++) {
      // CREATE TABLE without IF NOT EXISTS fails if a migration ever runs twice.
      write(
          String.format("%03d_table_%d.sql", i, i),
          "CREATE TABLE t" + i + " (id int PRIMARY KEY);\nSELECT pg_sleep(0.02);\n");
    }
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int p = 0; p < 6; p++) {
        children.add(
            ChildJvm.start(
                MigrateInChildJvm.class,
                database.url(),
                database.user(),
                database.password(),
                migrations.toString()));
      }
      int appliedInTotal = 0;
      for (ChildJvm child : children) {
        String result = child.awaitLine("APPLIED", Duration.ofSeconds(180));
        appliedInTotal += Integer.parseInt(result.substring("APPLIED ".length()));
      }
      assertEquals(count, appliedInTotal, "every migration applied once across all runs");
    } finally {
      children.forEach(ChildJvm::close);
    }
    assertEquals(
        String.valueOf(count),
        Sql.value(database, "SELECT count(DISTINCT version) FROM pgkeeper_history WHERE success"));
    assertEquals(
        String.valueOf(count), Sql.value(database, "SELECT count(*) FROM pgkeeper_history"));
  }

  @Test
  void aWaitingRunNamesTheHolderAndGivesUpAfterTheLockWaitTimeout() throws Exception {
    write("1_a.sql", "CREATE TABLE a (id int);");
    long key = MigrationLock.key(HistoryTable.DEFAULT_SCHEMA + "." + HistoryTable.DEFAULT_NAME);
    try (Connection holder = Connections.open(database);
        Statement statement = holder.createStatement()) {
      statement.execute("SET application_name = 'release-job-42'");
      try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
        lock.setLong(1, key);
        lock.execute();
      }
      statement.execute("SELECT 'deploying release 42'");
      RecordingLogger log = new RecordingLogger();
      long started = System.nanoTime();
      PgKeeperException failure =
          org.junit.jupiter.api.Assertions.assertThrows(
              PgKeeperException.class,
              () -> new Migrator(config(Duration.ofSeconds(2)), log).migrate());
      long waited = (System.nanoTime() - started) / 1_000_000;

      assertEquals(Setting.LOCK_WAIT_TIMEOUT, failure.setting().orElseThrow());
      assertTrue(failure.getMessage().contains("release-job-42"), failure.getMessage());
      assertTrue(log.all().contains("Waiting for the migration lock, held by pid"), log.all());
      assertTrue(log.all().contains("SELECT 'deploying release 42'"), log.all());
      assertTrue(waited >= 2000 && waited < 10_000, "waited " + waited + " ms");
      assertEquals(List.of(), Sql.tables(database));
    }
    // Once the holder is gone, the run goes through.
    new Migrator(config(Duration.ofSeconds(5)), Logger.NONE).migrate();
    assertEquals(List.of("a", "pgkeeper_history"), Sql.tables(database));
  }

  @Test
  void aWaitingRunShowsWhatTheHoldingRunIsDoingNotItsOwnLockQuery() throws Exception {
    write("1_slow.sql", "SELECT pg_sleep(3), 'step 7 of the release';");
    RecordingLogger first = new RecordingLogger();
    RecordingLogger second = new RecordingLogger();
    CompletableFuture<MigrateResult> holder =
        CompletableFuture.supplyAsync(
            () -> new Migrator(config(Duration.ofMinutes(1)), first).migrate());
    awaitQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%'", "1");
    MigrateResult waited = new Migrator(config(Duration.ofMinutes(1)), second).migrate();

    assertEquals(1, holder.get(60, TimeUnit.SECONDS).applied().size());
    assertEquals(0, waited.applied().size());
    String waiting =
        second.lines.stream()
            .filter(line -> line.contains("Waiting for the migration lock"))
            .findFirst()
            .orElseThrow();
    assertTrue(waiting.contains("step 7 of the release"), waiting);
    assertFalse(waiting.contains("pg_try_advisory_lock"), waiting);
  }

  @Test
  void killingARunMidMigrationLeavesNoTraceAndReleasesTheLock() throws Exception {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write(
        "2_slow.sql",
        "CREATE TABLE half_done (id int);\n"
            + "INSERT INTO half_done VALUES (1);\n"
            + "SELECT pg_sleep(CASE WHEN current_setting('app.slow', true) = 'on' THEN 120 ELSE 0"
            + " END);\n");
    String slowUrl = database.url() + "?options=-c%20app.slow%3Don";
    try (ChildJvm child =
        ChildJvm.start(
            MigrateInChildJvm.class,
            slowUrl,
            database.user(),
            database.password(),
            migrations.toString())) {
      child.awaitLine("STARTED", Duration.ofSeconds(60));
      awaitQuery(
          "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(CASE%'", "1");
      child.killHard();
    }
    // The server notices the dead client (client_connection_check_interval) and rolls back.
    awaitQuery(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pgkeeper'"
            + " AND datname = current_database() AND pid <> pg_backend_pid()",
        "0");
    assertEquals(List.of("a", "pgkeeper_history"), Sql.tables(database), "no partial change");
    assertEquals(
        List.of("1"), Sql.column(database, "SELECT version FROM pgkeeper_history ORDER BY 1"));

    MigrateResult rerun = new Migrator(config(Duration.ofSeconds(10)), Logger.NONE).migrate();

    assertEquals(1, rerun.applied().size());
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM half_done"));
  }

  @Test
  void createIndexConcurrentlySucceedsWhileAnotherRunWaitsOnTheLock() throws Exception {
    write(
        "1_big.sql",
        "CREATE TABLE big (id int PRIMARY KEY, val text);\n"
            + "INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 200000) g;\n");
    write(
        "2_index.sql",
        "SELECT pg_sleep(1);\nCREATE INDEX CONCURRENTLY big_val_idx ON big (val);\n");
    RecordingLogger first = new RecordingLogger();
    RecordingLogger second = new RecordingLogger();
    assertTimeoutPreemptively(
        Duration.ofSeconds(90),
        () -> {
          CompletableFuture<MigrateResult> a =
              CompletableFuture.supplyAsync(
                  () -> new Migrator(config(Duration.ofMinutes(1)), first).migrate());
          while (first.lines.stream().noneMatch(l -> l.contains("Applying"))) {
            Thread.sleep(10);
          }
          CompletableFuture<MigrateResult> b =
              CompletableFuture.supplyAsync(
                  () -> new Migrator(config(Duration.ofMinutes(1)), second).migrate());
          assertEquals(2, a.get(80, TimeUnit.SECONDS).applied().size());
          assertEquals(0, b.get(80, TimeUnit.SECONDS).applied().size());
        });
    assertTrue(second.all().contains("Waiting for the migration lock"), second.all());
    assertEquals(
        "t",
        Sql.value(
            database,
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'big_val_idx'::regclass"));
  }

  private void awaitQuery(String query, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String value = null;
    while (System.nanoTime() < deadline) {
      value = Sql.value(database, query);
      if (expected.equals(value)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(query + " returned " + value + ", expected " + expected);
  }
}
