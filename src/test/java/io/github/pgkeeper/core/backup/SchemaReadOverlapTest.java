package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader reads the schema while the COPY sessions already read rows: at thousands of tables the
 * two take seconds each, and one waiting for the other doubled the backup's time.
 */
class SchemaReadOverlapTest {
  private static final int ROWS = 300_000;

  @TempDir Path project;
  ConnectionConfig database;
  RecordingLogger log = new RecordingLogger();

  @BeforeEach
  void setUp() {
    database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        "CREATE TABLE big (id int PRIMARY KEY, note text);"
            + "INSERT INTO big SELECT g, repeat('x', 40) || g FROM generate_series(1, "
            + ROWS
            + ") g;"
            + "CREATE TABLE small (id int);"
            + "INSERT INTO small VALUES (1), (2);"
            + "CREATE VIEW big_ids AS SELECT id FROM big;");
  }

  /** Held before the schema is read until another session is seen copying: fails otherwise. */
  @Test
  void rowsAreReadWhileTheLeaderReadsTheSchema() throws Exception {
    BackupPauses pauses =
        new BackupPauses() {
          @Override
          public void beforeSchemaRead() {
            awaitCopy();
          }
        };

    BackupResult result = new Backup(config().withJobs(2), log, pauses).run();

    ArchiveVerifier.verify(result.file());
    assertEquals(ROWS, BackupRaceTest.rows(result.file(), "big"));
    assertEquals(2, BackupRaceTest.rows(result.file(), "small"));
    try (ArchiveReader reader = ArchiveReader.open(result.file())) {
      String schema = reader.schemaSql().orElseThrow();
      assertTrue(schema.contains("CREATE VIEW public.big_ids"), schema);
    }
  }

  /** A session killed while the schema is read and rows are copied: no archive, one error. */
  @Test
  void aSessionKilledWhileTheSchemaIsReadFailsTheBackupAndLeavesNoArchive() {
    BackupPauses pauses =
        new BackupPauses() {
          @Override
          public void beforeSchemaRead() {
            awaitCopy();
            Sql.value(
                database,
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
          }
        };

    PgKeeperException e =
        assertThrows(
            PgKeeperException.class, () -> new Backup(config().withJobs(2), log, pauses).run());

    assertTrue(e.getMessage().contains("No archive was written."), e.getMessage());
    assertEquals(List.of(), files(project.resolve("backups")), "nothing left behind");
  }

  private void awaitCopy() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      String copying =
          Sql.value(
              database,
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND pid <> pg_backend_pid() AND query LIKE 'COPY%big%' AND state = 'active'");
      if (!copying.equals("0")) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("no COPY session read rows while the schema was not read yet");
  }

  private static List<Path> files(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  BackupConfig config() {
    return BackupConfig.of(database, project.resolve("backups"))
        .withMigrations(List.of(project.resolve("migrations")), false, "public", "no_history");
  }
}
