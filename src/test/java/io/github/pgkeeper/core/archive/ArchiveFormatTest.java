package io.github.pgkeeper.core.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The archive layout, written and read back without a database. */
class ArchiveFormatTest {
  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(Codec.class)
  void tableDataReadsBackAsTheCopyTextInPartOrder(Codec codec) throws Exception {
    Path file = folder.resolve("shop.tar");
    byte[] users = ArchiveFixtures.write(file, codec);
    try (ArchiveReader reader = ArchiveReader.open(file);
        InputStream data = reader.openTableData(ArchiveFixtures.USERS)) {
      assertArrayEquals(users, data.readAllBytes());
      try (InputStream empty = reader.openTableData(ArchiveFixtures.EMPTY)) {
        assertEquals(-1, empty.read());
      }
      assertThrows(
          IllegalArgumentException.class, () -> reader.openTableData(ArchiveFixtures.AUDIT));
    }
    VerifyReport report = ArchiveVerifier.verify(file);
    assertEquals(1203, report.manifest().rows());
    assertEquals(codec.label(), report.header().compression());
  }

  @Test
  void tableIdsArePaddedToFourDigitsAndFileNameSafe() {
    assertEquals("0007-public.users", ArchiveFormat.tableId(7, "public", "users"));
    assertEquals("12345-a_b.t_name_", ArchiveFormat.tableId(12345, "a b", "t.name\""));
    assertEquals("0001-s." + "x".repeat(40), ArchiveFormat.tableId(1, "s", "x".repeat(50)));
  }

  @Test
  void partsAreNumberedWithoutGapsWithinEachSlice() {
    assertTrue(ArchiveFormat.partFollows(0, 1));
    assertTrue(ArchiveFormat.partFollows(1, 2));
    assertTrue(ArchiveFormat.partFollows(2, 1_000_001), "the first part of slice 1");
    assertTrue(ArchiveFormat.partFollows(0, 2_000_001), "slices 0 and 1 without rows");
    assertTrue(ArchiveFormat.partFollows(1_000_001, 1_000_002));
    assertFalse(ArchiveFormat.partFollows(0, 2), "part 1 missing");
    assertFalse(ArchiveFormat.partFollows(1, 3), "part 2 missing");
    assertFalse(ArchiveFormat.partFollows(2, 1_000_002), "the first part of slice 1 missing");
    assertFalse(ArchiveFormat.partFollows(1_000_001, 3), "back to slice 0");
  }

  @Test
  void layoutIsHeaderThenPartsThenManifestAndItsChecksum() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);
    try (ArchiveReader reader = ArchiveReader.open(file)) {
      assertEquals(
          List.of(
              "header.json",
              "schema.sql.zst",
              "data/0001-public.users/000002.copy.zst",
              "data/0001-public.users/000001.copy.zst",
              "data/0001-public.users/000003.copy.zst",
              "manifest.json",
              "manifest.sha256"),
          reader.entryNames());
      ArchiveHeader header = reader.header();
      assertEquals(ArchiveFixtures.header(Codec.ZSTD, Codec.ZSTD.defaultLevel()), header);
      assertEquals("0003-public.Audit_Log", header.tables().get(2).id());
      assertEquals("(\"id\", \"name\")", header.tables().get(0).copyColumnList());
      Manifest manifest = reader.manifest();
      assertEquals(5, manifest.entries().size());
      assertEquals(3, manifest.formatVersion());
      TableTotals users = manifest.totals(ArchiveFixtures.USERS).orElseThrow();
      assertEquals(1203, users.rows());
      assertEquals(3, users.parts());
      TableTotals empty = manifest.totals(ArchiveFixtures.EMPTY).orElseThrow();
      assertEquals(0, empty.rows());
      assertEquals(0, empty.parts());
      assertTrue(manifest.totals(ArchiveFixtures.AUDIT).isEmpty(), "data excluded");
      assertEquals(
          List.of(1, 2, 3),
          manifest.parts(ArchiveFixtures.USERS).stream().map(ManifestEntry::part).toList());
    }
  }

  @Test
  void everyEntryChecksumIsTheSha256OfItsStoredBytes() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.GZIP);
    try (ArchiveReader reader = ArchiveReader.open(file)) {
      for (ManifestEntry entry : reader.manifest().entries()) {
        byte[] stored;
        try (InputStream in = reader.openEntry(entry.name())) {
          stored = in.readAllBytes();
        }
        assertEquals(entry.size(), stored.length, entry.name());
        assertEquals(sha256(stored), entry.sha256(), entry.name());
      }
      byte[] manifest = reader.openEntry("manifest.json").readAllBytes();
      String manifestText = new String(manifest, StandardCharsets.UTF_8);
      assertTrue(manifestText.contains("\"rawBytes\""), manifestText);
      assertFalse(manifestText.contains("dataPart"), "only documented fields: " + manifestText);
      String checksum =
          new String(reader.openEntry("manifest.sha256").readAllBytes(), StandardCharsets.US_ASCII);
      assertEquals(sha256(manifest) + "  manifest.json\n", checksum);
    }
  }

  @Test
  void standardToolsListExtractAndCheckTheArchive() throws Exception {
    Path file = folder.resolve("shop.tar");
    byte[] users = ArchiveFixtures.write(file, Codec.ZSTD);
    String listing = run(folder, "tar", "-tvf", file.toString());
    assertTrue(listing.contains("data/0001-public.users/000001.copy.zst"), listing);
    assertTrue(listing.lines().allMatch(l -> l.startsWith("-rw-------")), listing);
    Path out = Files.createDirectory(folder.resolve("out"));
    run(out, "tar", "-xf", file.toString());
    assertTrue(run(out, "sha256sum", "-c", "manifest.sha256").contains("manifest.json: OK"));
    byte[] extracted = Files.readAllBytes(out.resolve("data/0001-public.users/000001.copy.zst"));
    byte[] expected = ArchiveFixtures.copyText(1, 500);
    assertArrayEquals(
        expected,
        Codec.ZSTD.decompressor(new java.io.ByteArrayInputStream(extracted)).readAllBytes());
    assertTrue(users.length > expected.length);
  }

  @Test
  void theFileIsReadableByItsOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
    Path file = folder.resolve("backups/nested/shop.tar");
    ArchiveFixtures.write(file, Codec.NONE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void anUnfinishedArchiveLeavesNoFileBehind() throws Exception {
    Path file = folder.resolve("shop.tar");
    try (ArchiveWriter writer = ArchiveWriter.toFile(file)) {
      writer.writeHeader(ArchiveFixtures.header(Codec.ZSTD, 3));
      writer.writeSchema(ArchiveFixtures.schemaSql());
      byte[] raw = ArchiveFixtures.copyText(1, 10);
      writer.writePart(
          DataPart.encode(ArchiveFixtures.USERS, 1, raw, raw.length, 10, Codec.ZSTD, 3));
      try (var files = Files.list(folder)) {
        String temp = files.toList().get(0).getFileName().toString();
        assertTrue(temp.startsWith("shop.tar.") && temp.endsWith(".incomplete"), temp);
      }
      // no finish(): a failed backup
    }
    try (var files = Files.list(folder)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void aFlippedByteInADataPartIsReportedWithTheEntryName() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);
    String part = "data/0001-public.users/000003.copy.zst";
    flipByte(file, dataOffset(file, part) + 20);

    ArchiveCorruptException e =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(file));
    assertTrue(e.getMessage().contains("entry " + part), e.getMessage());
    assertTrue(e.getMessage().contains("1 problem"), e.getMessage());

    try (ArchiveReader reader = ArchiveReader.open(file);
        InputStream data = reader.openTableData(ArchiveFixtures.USERS)) {
      ArchiveCorruptException streamed =
          assertThrows(ArchiveCorruptException.class, data::readAllBytes);
      assertTrue(streamed.getMessage().contains(part), streamed.getMessage());
    }
  }

  @Test
  void aFlippedByteInUncompressedDataFailsTheChecksum() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.NONE);
    String part = "data/0001-public.users/000002.copy";
    flipByte(file, dataOffset(file, part) + 100);
    ArchiveCorruptException e =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(file));
    assertTrue(
        e.getMessage().contains("entry " + part + " does not match its SHA-256"), e.getMessage());
  }

  @Test
  void aFlippedByteInTheManifestIsDetected() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);
    flipByte(file, dataOffset(file, "manifest.json") + 30);
    ArchiveCorruptException e =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveReader.open(file));
    assertTrue(e.getMessage().contains("damaged manifest"), e.getMessage());
  }

  @Test
  void aTruncatedArchiveIsDetectedWhereverItIsCut() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);
    byte[] whole = Files.readAllBytes(file);
    long manifestAt = dataOffset(file, "manifest.json");
    for (long length :
        new long[] {whole.length / 2, manifestAt - 512, manifestAt + 10, whole.length - 2048}) {
      Path cut = folder.resolve("cut-" + length + ".tar");
      Files.write(cut, java.util.Arrays.copyOf(whole, (int) length));
      ArchiveCorruptException e =
          assertThrows(
              ArchiveCorruptException.class, () -> ArchiveVerifier.verify(cut), "cut at " + length);
      assertTrue(
          e.getMessage().contains("truncated") || e.getMessage().contains("no manifest"),
          length + ": " + e.getMessage());
    }
  }

  @Test
  void aMissingFileIsNamed() {
    PgKeeperException e =
        assertThrows(
            PgKeeperException.class, () -> ArchiveReader.open(folder.resolve("missing.tar")));
    assertTrue(e.getMessage().contains("missing.tar"), e.getMessage());
    assertEquals(Setting.ARCHIVE_FILE, e.setting().orElseThrow());
  }

  @Test
  void codecsAndLevelsAreChecked() {
    assertEquals(Codec.GZIP, Codec.parse(" GZIP "));
    assertEquals(1, Codec.ZSTD.resolveLevel(null));
    assertEquals(19, Codec.ZSTD.resolveLevel(19));
    PgKeeperException unknown = assertThrows(PgKeeperException.class, () -> Codec.parse("lz4"));
    assertTrue(unknown.getMessage().contains("zstd, gzip, none"), unknown.getMessage());
    PgKeeperException level =
        assertThrows(PgKeeperException.class, () -> Codec.GZIP.resolveLevel(12));
    assertEquals(Setting.BACKUP_LEVEL, level.setting().orElseThrow());
    assertTrue(level.getMessage().contains("1 to 9"), level.getMessage());
  }

  @Test
  void migrationHistoryKnowsItsCurrentVersionAndWhetherTheTextIsTheAppliedOne() {
    MigrationHistory history = ArchiveFixtures.header(Codec.ZSTD, 3).history();
    assertEquals("001", history.currentVersion());
    assertTrue(history.migrations().get(0).contentMatches());
    assertNull(new MigrationHistory("public", "h", false, List.of()).currentVersion());
    assertFalse(
        new MigrationRecord(
                1, "1", "d", "s", "abc", "u", "t", 1, true, null, null, null, null, null)
            .contentMatches());
  }

  static long dataOffset(Path file, String entry) throws Exception {
    try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(file)) {
      return tar.getEntries().stream()
          .filter(e -> e.getName().equals(entry))
          .findFirst()
          .orElseThrow()
          .getDataOffset();
    }
  }

  static void flipByte(Path file, long offset) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= 0x01;
    Files.write(file, bytes);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }
}
