package io.github.pgkeeper.core.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an archive can go besides a new file, and what each target holds when the backup fails: a
 * folder is refused, a failed rename leaves nothing, pipes and devices are written straight and an
 * abandoned stream is one no reader takes for complete.
 */
class ArchiveTargetTest {
  @TempDir Path folder;

  @Test
  void aFolderAsTheTargetIsRefusedNamingTheSettingAndLeavesNothingBehind() throws Exception {
    Path target = Files.createDirectory(folder.resolve("backups"));

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> ArchiveWriter.toFile(target));

    assertEquals(Optional.of(Setting.BACKUP_FILE), refused.setting());
    assertTrue(
        refused.getMessage().startsWith("The backup file " + target + " is a folder. Name a file"),
        refused.getMessage());
    assertEquals(List.of(target), list(folder));
    assertEquals(List.of(), list(target));
  }

  @Test
  void aRenameThatFailsAfterTheLastByteLeavesNoTemporaryFile() throws Exception {
    Path target = folder.resolve("shop.tar");
    try (ArchiveWriter writer = ArchiveWriter.toFile(target)) {
      writer.writeHeader(ArchiveFixtures.header(Codec.ZSTD, 1));
      writer.writeSchema(ArchiveFixtures.schemaSql());
      // The name is taken by a folder while the archive is being written: the rename fails.
      Files.createDirectories(target.resolve("taken"));
      assertThrows(IOException.class, writer::finish);
    }
    assertEquals(List.of(target), list(folder), "only the folder that took the name");
    assertEquals(List.of(target.resolve("taken")), list(target));
  }

  @Test
  void foldersTheBackupCreatesAreReadableByTheirOwnerOnlyAndExistingOnesAreLeftAsTheyAre()
      throws Exception {
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path file = folder.resolve("backups/2025/shop.tar");

    ArchiveFixtures.write(file, Codec.NONE);

    assertEquals("rwx------", permissions(folder.resolve("backups")));
    assertEquals("rwx------", permissions(folder.resolve("backups/2025")));
    assertEquals("rwxr-xr-x", permissions(folder), "an existing folder is not ours to change");
    Files.setPosixFilePermissions(
        folder.resolve("backups/2025"), PosixFilePermissions.fromString("rwxr-x---"));
    ArchiveFixtures.write(folder.resolve("backups/2025/again.tar"), Codec.NONE);
    assertEquals("rwxr-x---", permissions(folder.resolve("backups/2025")));
  }

  @Test
  void aLinkToAFileKeepsTheLinkAndTheFileItNamesGetsTheArchive() throws Exception {
    Path real = Files.writeString(folder.resolve("real.tar"), "an older backup");
    Path link = Files.createSymbolicLink(folder.resolve("latest.tar"), real.getFileName());

    ArchiveFixtures.write(link, Codec.ZSTD);

    assertTrue(Files.isSymbolicLink(link), "the link is kept, not replaced by a file");
    ArchiveVerifier.verify(real);
    assertEquals(List.of(link, real), list(folder), "no temporary file left");
  }

  @Test
  void aFifoIsWrittenStraightForTheProcessReadingIt() throws Exception {
    Path fifo = mkfifo("backup.pipe");
    Path received = folder.resolve("received.tar");
    Process reader = cat(fifo, received);
    try {
      ArchiveFixtures.write(fifo, Codec.GZIP);
      assertTrue(reader.waitFor(30, TimeUnit.SECONDS), "the reader got the end of the stream");
      assertEquals(0, reader.exitValue());
    } finally {
      reader.destroyForcibly();
    }
    ArchiveVerifier.verify(received);
    assertFalse(Files.isRegularFile(fifo), "still a FIFO, not replaced by a file");
    assertEquals(List.of(fifo, received), list(folder));
  }

  @Test
  void aCharacterDeviceIsWrittenStraight() throws Exception {
    // Through a link in the test's folder: a writer that renamed into place would replace the
    // link here, never the device itself.
    Path sink = Files.createSymbolicLink(folder.resolve("sink"), Path.of("/dev/null"));

    ArchiveFixtures.write(sink, Codec.ZSTD);

    assertTrue(Files.isSymbolicLink(sink), "not replaced by a file");
    assertFalse(Files.isRegularFile(sink));
    assertEquals(List.of(sink), list(folder), "no temporary file");
  }

  @Test
  void aStreamAbandonedBeforeItsManifestEndsInsideTheFailedEntryAndNoReaderAcceptsIt()
      throws Exception {
    Path fifo = mkfifo("backup.pipe");
    Path received = folder.resolve("received.tar");
    Process reader = cat(fifo, received);
    try (ArchiveWriter writer = ArchiveWriter.toFile(fifo)) {
      writer.writeHeader(ArchiveFixtures.header(Codec.ZSTD, 1));
      writer.writeSchema(ArchiveFixtures.schemaSql());
      byte[] raw = ArchiveFixtures.copyText(1, 100);
      writer.writePart(
          DataPart.encode(ArchiveFixtures.USERS, 1, raw, raw.length, 100, Codec.ZSTD, 1));
      // no finish(): the backup failed
    } finally {
      if (!reader.waitFor(30, TimeUnit.SECONDS)) {
        reader.destroyForcibly();
      }
    }

    Process tar = new ProcessBuilder("tar", "-tf", received.toString()).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(tar.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tar.waitFor(30, TimeUnit.SECONDS));
    assertEquals(
        List.of(
            "header.json",
            "schema.sql.zst",
            "data/0001-public.users/000001.copy.zst",
            ArchiveFormat.FAILED_ENTRY),
        listing.lines().toList(),
        errors);
    assertTrue(tar.exitValue() != 0, "tar fails on the unexpected end: " + errors);
    assertTrue(errors.contains("Unexpected EOF"), errors);
    assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(received));
  }

  private Path mkfifo(String name) throws Exception {
    Path fifo = folder.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, mkfifo.exitValue());
    return fifo;
  }

  /** Another process reading {@code fifo} into {@code copy}, as a pipe's reader would. */
  private static Process cat(Path fifo, Path copy) throws IOException {
    return new ProcessBuilder("cat", fifo.toString()).redirectOutput(copy.toFile()).start();
  }

  private static List<Path> list(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.sorted().toList();
    }
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
