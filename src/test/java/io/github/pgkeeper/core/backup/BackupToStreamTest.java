package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.archive.VerifyReport;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.ChildJvm;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * db:backup to standard output ({@code -Ddb.backup.file=-}), run in a child JVM whose standard
 * output this test reads through a pipe, as a shell pipeline would: what arrives is a complete
 * archive, and a backup that fails mid-stream exits non-zero with a stream no reader accepts.
 */
class BackupToStreamTest {
  @TempDir Path folder;
  ConnectionConfig database;
  RecordingLogger log = new RecordingLogger();
  Process child;

  @BeforeEach
  void setUp() {
    database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        """
        CREATE TABLE accounts (id bigint PRIMARY KEY, owner text, balance numeric);
        INSERT INTO accounts
          SELECT g, md5(g::text) || E'\\t\\\\ é', g * 1.5 FROM generate_series(1, 60000) g;
        CREATE TABLE notes (id int, body text);
        INSERT INTO notes VALUES (1, E'line\\nbreak'), (2, NULL);
        CREATE TABLE empty (id int);
        """);
  }

  @AfterEach
  void stopChild() {
    if (child != null) {
      child.destroyForcibly();
    }
  }

  @Test
  void whatReachesStandardOutputIsACompleteArchiveWithTheRowsOfAFileBackup() throws Exception {
    Path piped = folder.resolve("piped.tar");
    start("2");
    CompletableFuture<Long> received = copyInBackground(child.getInputStream(), piped);

    assertEquals(0, exitCode(), log());
    assertTrue(log().contains("to standard output"), log());
    received.get(30, TimeUnit.SECONDS);
    assertTrue(Files.size(piped) > 1 << 20, "more than the writer's buffer: " + Files.size(piped));
    VerifyReport report = ArchiveVerifier.verify(piped);

    Path file =
        new Backup(BackupConfig.of(database, folder).withFile(folder.resolve("file.tar")), log)
            .run()
            .file();
    try (ArchiveReader fromPipe = ArchiveReader.open(piped);
        ArchiveReader fromFile = ArchiveReader.open(file)) {
      assertEquals(fromFile.header().tables(), fromPipe.header().tables());
      assertEquals(60002, report.manifest().rows());
      for (TableInfo table : fromFile.header().tables()) {
        assertEquals(
            fromFile.manifest().totals(table.id()), fromPipe.manifest().totals(table.id()));
        try (InputStream a = fromFile.openTableData(table.id());
            InputStream b = fromPipe.openTableData(table.id())) {
          assertArrayEquals(a.readAllBytes(), b.readAllBytes(), table.displayName());
        }
      }
    }
  }

  @Test
  void aBackupThatFailsMidStreamExitsNonZeroAndNoReaderTakesItsStreamForAnArchive()
      throws Exception {
    // The server fails the COPY at the table's last row, once many parts are on their way, as it
    // would on a damaged page: that row's enum value no longer exists.
    Sql.execute(
        database,
        """
        CREATE TYPE state AS ENUM ('fine', 'damaged');
        CREATE TABLE big (id int, filler text, s state);
        INSERT INTO big SELECT g, md5(g::text), CASE g WHEN 30000 THEN 'damaged' ELSE 'fine' END::state
          FROM generate_series(1, 30000) g;
        DELETE FROM pg_enum WHERE enumtypid = 'state'::regtype AND enumlabel = 'damaged';
        """);
    assertEquals(
        "30000", Sql.value(database, "SELECT id FROM big ORDER BY ctid DESC LIMIT 1"), "last");
    Path piped = folder.resolve("piped.tar");
    start("1", "65536");
    CompletableFuture<Long> received = copyInBackground(child.getInputStream(), piped);

    assertEquals(1, exitCode(), log());
    received.get(30, TimeUnit.SECONDS);
    assertTrue(log().contains("FAILED Cannot back up public.big"), log());
    assertTrue(log().contains("The archive written to standard output is incomplete"), log());
    Tar tar = Tar.list(piped);
    List<String> entries = tar.entries();
    assertEquals("header.json", entries.get(0));
    assertTrue(entries.size() > 3, "parts were on their way: " + entries);
    assertEquals(ArchiveFormat.FAILED_ENTRY, entries.get(entries.size() - 1));
    assertFalse(entries.contains(ArchiveFormat.MANIFEST), entries.toString());
    assertTrue(tar.exitCode() != 0 && tar.errors().contains("Unexpected EOF"), tar.errors());
    assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(piped));
  }

  @Test
  void aReaderThatGoesAwayFailsTheBackup() throws Exception {
    // Smaller than the writer's buffer: its first write is the one that completes the archive.
    Sql.execute(database, "TRUNCATE accounts");
    start("1");
    child.getInputStream().close(); // as `| head -c 0` would

    assertEquals(1, exitCode(), log());
    assertTrue(log().contains("The backup failed writing the archive"), log());
    assertTrue(log().contains("Broken pipe"), log());
  }

  @Test
  void aFolderNamedAsTheBackupFileIsRefusedBeforeConnecting() throws Exception {
    Path target = Files.createDirectory(folder.resolve("release.tar"));
    BackupConfig config = BackupConfig.of(database, folder);

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> config.withFile(target));

    assertEquals(Optional.of(Setting.BACKUP_FILE), refused.setting());
    assertTrue(refused.getMessage().contains(target + " is a folder"), refused.getMessage());
    try (var files = Files.list(folder)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  /** Starts {@link BackupInChildJvm} writing the archive to its standard output. */
  private void start(String... jobsAndPartBytes) throws IOException {
    String[] args = new String[2 + 1 + jobsAndPartBytes.length];
    args[0] = database.url();
    args[1] = database.user();
    args[2] = "-";
    System.arraycopy(jobsAndPartBytes, 0, args, 3, jobsAndPartBytes.length);
    ProcessBuilder builder =
        new ProcessBuilder(ChildJvm.command(List.of(), BackupInChildJvm.class, args))
            .redirectError(folder.resolve("child.log").toFile());
    if (database.password() != null) {
      builder.environment().put(BackupInChildJvm.PASSWORD, database.password());
    }
    child = builder.start();
  }

  private int exitCode() throws InterruptedException {
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child backup ended");
    return child.exitValue();
  }

  private String log() throws IOException {
    return Files.readString(folder.resolve("child.log"));
  }

  private static CompletableFuture<Long> copyInBackground(InputStream in, Path file) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return Files.copy(in, file);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** What {@code tar -tf} makes of a file. */
  private record Tar(List<String> entries, String errors, int exitCode) {
    static Tar list(Path file) throws Exception {
      Process tar = new ProcessBuilder("tar", "-tf", file.toString()).start();
      String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String errors = new String(tar.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
      return new Tar(listing.lines().toList(), errors, tar.exitValue());
    }
  }
}
