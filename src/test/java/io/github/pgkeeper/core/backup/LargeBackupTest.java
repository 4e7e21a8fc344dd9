package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.VerifyReport;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.ChildJvm;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table larger than 200 MB of COPY text, backed up in separate JVMs: one limited to 64 MB of heap
 * (nothing of the table is held in memory), one killed with SIGKILL halfway (no file with the final
 * name is left).
 */
class LargeBackupTest {
  static final long ROWS = 1_100_000;
  static ConnectionConfig database;

  @TempDir Path folder;

  @BeforeAll
  static void createLargeTable() {
    database = TestDatabases.freshDatabase();
    // About 201 bytes of COPY text per row: 1.1 million rows make 220 MB, generated server-side.
    Sql.execute(
        database,
        "CREATE TABLE big AS SELECT g AS id, repeat(md5(g::text), 6) AS payload"
            + " FROM generate_series(1, "
            + ROWS
            + ") g");
  }

  @Test
  void aTableOver200MbIsBackedUpWithin64MbOfHeap() throws Exception {
    Path file = folder.resolve("big.tar");
    try (ChildJvm child =
        ChildJvm.start(
            passwordEnvironment(),
            List.of("-Xmx64m"),
            BackupInChildJvm.class,
            database.url(),
            database.user(),
            file.toString(),
            "2")) {
      String done = child.awaitLine("DONE", Duration.ofSeconds(180));
      String[] parts = done.split(" ");
      assertEquals(ROWS, Long.parseLong(parts[1]));
      long rawBytes = Long.parseLong(parts[2]);
      assertTrue(rawBytes > 200_000_000L, "COPY text: " + rawBytes);
      assertTrue(Long.parseLong(parts[3]) <= 64, "heap limit in force: " + parts[3] + " MB");
    }
    VerifyReport report = ArchiveVerifier.verify(file);
    assertEquals(ROWS, report.manifest().rows());
    assertTrue(report.manifest().tables().get(0).parts() > 40, "bounded parts");
  }

  @Test
  void aKilledBackupLeavesNoFileWithTheFinalName() throws Exception {
    Path file = folder.resolve("killed.tar");
    try (ChildJvm child =
        ChildJvm.start(
            passwordEnvironment(),
            List.of(),
            BackupInChildJvm.class,
            database.url(),
            database.user(),
            file.toString(),
            "1")) {
      child.awaitLine("Backing up", Duration.ofSeconds(60));
      Path temp = awaitGrowingTemporaryFile(file);
      child.killHard();
      assertFalse(Files.exists(file), "no archive under the final name");
      assertTrue(Files.exists(temp), "only the temporary file is left: " + temp);
      ArchiveCorruptException e =
          assertThrows(ArchiveCorruptException.class, () -> ArchiveReader.open(temp));
      assertTrue(
          e.getMessage().contains("no manifest.json") || e.getMessage().contains("truncated"),
          e.getMessage());
    }
  }

  private Map<String, String> passwordEnvironment() {
    return Map.of(BackupInChildJvm.PASSWORD, database.password());
  }

  /** Waits until the backup has written a few megabytes, so the kill lands mid-backup. */
  private Path awaitGrowingTemporaryFile(Path file) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (var files = Files.list(folder)) {
        for (Path candidate : files.toList()) {
          String name = candidate.getFileName().toString();
          if (name.startsWith(file.getFileName() + ".")
              && name.endsWith(".incomplete")
              && Files.size(candidate) > 3_000_000) {
            return candidate;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the backup never wrote its temporary file");
  }
}
