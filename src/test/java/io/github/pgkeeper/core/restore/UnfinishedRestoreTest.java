package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.drift.Drift;
import io.github.pgkeeper.core.drift.DriftConfig;
import io.github.pgkeeper.core.embedded.PostgresBinaries;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.lint.OnlineChecks;
import io.github.pgkeeper.core.migration.Baseline;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationLock;
import io.github.pgkeeper.core.migration.MigrationScanner;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.migration.Repair;
import io.github.pgkeeper.core.migration.Rollback;
import io.github.pgkeeper.core.migration.Version;
import io.github.pgkeeper.core.restore.RestoreMarker.Created;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goals other than db:restore against a database a staged restore has not finished: its marker
 * is there, made as {@link RestoreMarker} makes it, with a table its first stage created.
 */
class UnfinishedRestoreTest {
  private static final String MARKER = "public.pgkeeper_history_restore";

  @TempDir Path project;
  private final RecordingLogger log = new RecordingLogger();
  private Path migrations;
  private Path archive;
  private ConnectionConfig target;

  @BeforeEach
  void backUpAMigratedDatabaseAndStartRestoringIt() throws Exception {
    migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(
        migrations.resolve("1_widgets.sql"),
        "-- migrate:up\nCREATE TABLE widgets (id int PRIMARY KEY, name text);\n"
            + "INSERT INTO widgets VALUES (1, 'one');\n\n-- migrate:down\nDROP TABLE widgets;\n");
    ConnectionConfig source = TestDatabases.freshDatabase();
    new Migrator(config(source), Logger.NONE).migrate();
    archive =
        new Backup(
                BackupConfig.of(source, project.resolve("backups"))
                    .withMigrations(
                        List.of(migrations),
                        false,
                        HistoryTable.DEFAULT_SCHEMA,
                        HistoryTable.DEFAULT_NAME),
                Logger.NONE)
            .run()
            .file();
    target = TestDatabases.freshDatabase();
    try (Connection connection = Connections.open(target)) {
      connection.setAutoCommit(false);
      RestoreMarker marker =
          RestoreMarker.create(
              connection, RestoreConfig.of(target, archive), archive + " (in stages, a test)");
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE widgets (id int PRIMARY KEY, name text)");
      }
      marker.record(
          connection,
          List.of(new Created("table", "public.widgets", "DROP TABLE public.widgets", 3)));
      connection.commit();
    }
  }

  @Test
  void everyGoalButRestoreRefusesAKilledStagedRestoreNamingTheMarkerAndWhatToDo() {
    for (Map.Entry<String, Executable> goal : goals(target).entrySet()) {
      PgKeeperException refused =
          assertThrows(PgKeeperException.class, goal.getValue(), goal.getKey());
      String message = refused.getMessage();
      assertTrue(message.contains("did not finish"), goal.getKey() + ": " + message);
      assertTrue(message.contains("left its marker " + MARKER), message);
      assertTrue(message.contains("it restores " + archive + " (in stages"), message);
      assertTrue(message.contains("has created 1 object(s)"), message);
      assertTrue(message.contains("Run db:restore again with the same archive"), message);
      assertTrue(message.contains("DROP TABLE " + MARKER), message);
    }
    assertEquals(
        "t",
        Sql.value(target, "SELECT to_regclass('public.pgkeeper_history') IS NULL"),
        "db:migrate created no history table");
    assertFalse(Files.exists(project.resolve("target-backups")), "no backup was written");

    new Restore(RestoreConfig.of(target, archive), log).run();

    assertEquals(
        Optional.of(Version.parse("1")),
        new Migrator(config(target), log).status().currentVersion());
    assertEquals(List.of(), new Migrator(config(target), log).migrate().applied());
    assertTrue(new Rollback(config(target), log).dryRun(1).contains("DROP TABLE widgets"));
    new Repair(config(target), log).repair();
    new Backup(BackupConfig.of(target, project.resolve("target-backups")), log).run();
    Drift.run(drift(target), log);
    assertTrue(
        assertThrows(PgKeeperException.class, goals(target).get("db:baseline"))
            .getMessage()
            .contains("already has"),
        "baseline refuses the restored history, as for any database with one");
  }

  @Test
  void aRestoreRunningNowIsNamedAsRunningWithItsSession() throws Exception {
    Connection lockSession = Connections.open(target);
    try (Statement statement = lockSession.createStatement()) {
      statement.execute("SET application_name = 'pgkeeper db:restore'");
    }
    try (MigrationLock held =
            MigrationLock.acquire(
                lockSession,
                new HistoryTable(HistoryTable.DEFAULT_SCHEMA, HistoryTable.DEFAULT_NAME),
                Duration.ofSeconds(1),
                Logger.NONE);
        Connection worker = Connections.open(target)) {
      held.showWorkIn(worker); // as the restore's stages do
      for (String goal : List.of("db:status", "db:backup", "db:diff")) {
        String message =
            assertThrows(PgKeeperException.class, goals(target).get(goal)).getMessage();
        assertTrue(
            message.contains("is running now: a db:restore run (lock session pid"),
            goal + ": " + message);
        assertTrue(message.contains("Its marker is " + MARKER), message);
        assertTrue(message.contains("Wait for it to finish"), message);
      }
    }
    // Its last transaction drops the marker.
    Sql.execute(target, "DROP TABLE " + MARKER + "; DROP TABLE widgets");

    new Migrator(config(target), log).status();
    new Migrator(config(target), log).migrate();
  }

  /** Each goal that reads or changes the schema or history, as its core entry point runs it. */
  private Map<String, Executable> goals(ConnectionConfig database) {
    MigrationConfig config = config(database);
    Map<String, Executable> goals = new LinkedHashMap<>();
    goals.put("db:migrate", () -> new Migrator(config, log).migrate());
    goals.put("db:migrate dry run", () -> new Migrator(config, log).dryRun());
    goals.put("db:status", () -> new Migrator(config, log).status());
    goals.put(
        "db:validate online",
        () ->
            OnlineChecks.run(
                config,
                new MigrationScanner(project, log).scan(List.of(migrations), false).migrations(),
                log));
    goals.put("db:rollback", () -> new Rollback(config, log).rollback(1));
    goals.put("db:rollback dry run", () -> new Rollback(config, log).dryRun(1));
    goals.put("db:repair", () -> new Repair(config, log).repair());
    goals.put("db:baseline", () -> new Baseline(config, log).toVersion(Version.parse("1")));
    goals.put(
        "db:backup",
        () -> new Backup(BackupConfig.of(database, project.resolve("target-backups")), log).run());
    goals.put("db:diff", () -> Drift.run(drift(database), log));
    return goals;
  }

  private MigrationConfig config(ConnectionConfig database) {
    return MigrationConfig.of(database, List.of(migrations), project);
  }

  private DriftConfig drift(ConnectionConfig live) {
    return new DriftConfig(
        config(live),
        List.of("public"),
        TestDatabases.freshDatabase(),
        project.resolve("target/diff-shadow"),
        PostgresBinaries.BUNDLED);
  }
}
