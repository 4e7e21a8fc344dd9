package io.github.pgkeeper.core.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Format 3: the whole COPY text of several small tables in one packed part, each table's range in
 * the manifest. Each table still reads back alone, and verify checks every packed part and every
 * table's range in it.
 */
class PackedPartsTest {
  static final String ORDERS = ArchiveFormat.tableId(4, "public", "orders");
  static final String LINES = ArchiveFormat.tableId(5, "public", "lines");
  static final String NOTES = ArchiveFormat.tableId(6, "public", "notes");
  static final String PART_1 = "data/packed/000001.copy";

  @TempDir Path folder;

  private final byte[] orders = ArchiveFixtures.copyText(1, 30);
  private final byte[] lines = ArchiveFixtures.copyText(100, 7);
  private final byte[] notes = ArchiveFixtures.copyText(500, 1);

  @ParameterizedTest
  @EnumSource(Codec.class)
  void smallTablesShareAPackedPartAndEachReadsBackAlone(Codec codec) throws Exception {
    Path file = folder.resolve("shop.tar");
    byte[] users = write(file, codec);

    try (ArchiveReader reader = ArchiveReader.open(file)) {
      assertEquals(
          List.of(
              "header.json",
              ArchiveFormat.schemaEntry(3, codec),
              "data/0001-public.users/000001.copy" + codec.suffix(),
              PART_1 + codec.suffix(),
              "data/0001-public.users/000002.copy" + codec.suffix(),
              "data/packed/000002.copy" + codec.suffix(),
              "data/0001-public.users/000003.copy" + codec.suffix(),
              "manifest.json",
              "manifest.sha256"),
          reader.entryNames());
      // Read out of order: a table of the first packed part after one of the second.
      assertArrayEquals(notes, read(reader, NOTES));
      assertArrayEquals(lines, read(reader, LINES));
      assertArrayEquals(orders, read(reader, ORDERS));
      assertArrayEquals(users, read(reader, ArchiveFixtures.USERS), "a table in parts of its own");
      assertArrayEquals(new byte[0], read(reader, ArchiveFixtures.EMPTY));

      Manifest manifest = reader.manifest();
      ManifestEntry packed = manifest.entry(PART_1 + codec.suffix()).orElseThrow();
      assertEquals(
          List.of(
              new PackedRange(ORDERS, 0, orders.length, 30),
              new PackedRange(LINES, orders.length, lines.length, 7)),
          packed.ranges());
      assertEquals(orders.length + lines.length, packed.rawBytes());
      assertEquals(37, packed.rows());
      assertEquals(
          new TableTotals(LINES, "public", "lines", 7, lines.length, 0, 1),
          manifest.totals(LINES).orElseThrow(),
          "a packed table's stored bytes are its part's, shared");
      assertEquals(3, manifest.totals(ArchiveFixtures.USERS).orElseThrow().parts());
      assertEquals(0, manifest.totals(ArchiveFixtures.EMPTY).orElseThrow().parts());
    }
    VerifyReport report = ArchiveVerifier.verify(file);
    assertEquals(1203 + 30 + 7 + 1, report.manifest().rows());
  }

  @Test
  void oneTablesTextIsCutOutOfAPackedPartWithTarTailAndHead() throws Exception {
    Path file = folder.resolve("shop.tar");
    write(file, Codec.NONE);
    PackedRange range;
    try (ArchiveReader reader = ArchiveReader.open(file)) {
      range = reader.manifest().entry(PART_1).orElseThrow().ranges().get(1);
    }
    assertEquals(LINES, range.table());

    // As docs/backup-format.md shows it (with `zstd -d` in the pipe for a compressed archive).
    Process process =
        new ProcessBuilder(
                "sh",
                "-c",
                "tar -xOf '"
                    + file
                    + "' "
                    + PART_1
                    + " | tail -c +"
                    + (range.offset() + 1)
                    + " | head -c "
                    + range.length())
            .start();
    byte[] cut = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertArrayEquals(lines, cut);
  }

  @Test
  void aDamagedPackedPartIsReportedNamingItsTablesByVerifyAndByTheReader() throws Exception {
    Path file = folder.resolve("shop.tar");
    write(file, Codec.ZSTD);
    String part = PART_1 + ".zst";
    ArchiveFormatTest.flipByte(file, ArchiveFormatTest.dataOffset(file, part) + 20);

    ArchiveCorruptException verify =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(file));
    assertTrue(
        verify
            .getMessage()
            .contains(
                "entry " + part + ", which holds the rows of tables public.orders, public.lines"),
        verify.getMessage());
    assertTrue(verify.getMessage().contains("1 problem"), verify.getMessage());

    try (ArchiveReader reader = ArchiveReader.open(file);
        InputStream data = reader.openTableData(LINES)) {
      ArchiveCorruptException read = assertThrows(ArchiveCorruptException.class, data::read);
      assertTrue(
          read.getMessage()
              .contains(
                  "is damaged: entry "
                      + part
                      + ", which holds the rows of tables public.lines, public.orders"),
          read.getMessage());
      assertArrayEquals(notes, read(reader, NOTES), "the other packed part is intact");
    }
  }

  @Test
  void rangesThatDoNotTileTheirPartAreRefusedWhenTheArchiveIsOpened() throws Exception {
    Path file = folder.resolve("shop.tar");
    write(file, Codec.ZSTD);
    String lines = "{\"table\":\"" + LINES + "\",\"offset\":" + orders.length + ",";
    Path gap =
        ArchiveFixtures.rewriteManifest(
            file,
            json ->
                json.replace(
                    lines, "{\"table\":\"" + LINES + "\",\"offset\":" + (orders.length + 1) + ","),
            folder.resolve("gap.tar"));

    ArchiveCorruptException open =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveReader.open(gap));
    assertTrue(
        open.getMessage()
            .contains(
                "has a packed part "
                    + PART_1
                    + ".zst that has ranges that do not tile it: table "
                    + LINES
                    + " starts at byte "
                    + (orders.length + 1)
                    + " where the range before it ends at "
                    + orders.length),
        open.getMessage());
    assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(gap));
  }

  @Test
  void eachTablesRowsAreCountedInItsRange() throws Exception {
    Path file = folder.resolve("shop.tar");
    write(file, Codec.ZSTD);
    // One row moved from lines to orders in the ranges: the part's total still adds up.
    Path moved =
        ArchiveFixtures.rewriteManifest(
            file,
            json ->
                json.replace(
                        "\"length\":" + orders.length + ",\"rows\":30}",
                        "\"length\":" + orders.length + ",\"rows\":31}")
                    .replace(
                        "\"length\":" + lines.length + ",\"rows\":7}",
                        "\"length\":" + lines.length + ",\"rows\":6}"),
            folder.resolve("moved.tar"));

    ArchiveCorruptException verify =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(moved));
    assertTrue(
        verify
            .getMessage()
            .contains("holds 30 rows of table " + ORDERS + " where the manifest records 31"),
        verify.getMessage());
    try (ArchiveReader reader = ArchiveReader.open(moved)) {
      assertThrows(ArchiveCorruptException.class, () -> read(reader, LINES));
    }
  }

  @Test
  void aRangeThatEndsInsideARowIsRefused() throws Exception {
    Path file = folder.resolve("shop.tar");
    write(file, Codec.ZSTD);
    // The boundary between orders and lines moved 3 bytes into the first row of lines.
    Path shifted =
        ArchiveFixtures.rewriteManifest(
            file,
            json ->
                json.replace(
                        "\"offset\":0,\"length\":" + orders.length + ",",
                        "\"offset\":0,\"length\":" + (orders.length + 3) + ",")
                    .replace(
                        "\"offset\":" + orders.length + ",\"length\":" + lines.length + ",",
                        "\"offset\":"
                            + (orders.length + 3)
                            + ",\"length\":"
                            + (lines.length - 3)
                            + ","),
            folder.resolve("shifted.tar"));

    ArchiveCorruptException verify =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(shifted));
    assertTrue(
        verify.getMessage().contains("ends the text of table " + ORDERS + " inside a row"),
        verify.getMessage());
  }

  @Test
  void theWriterRefusesRangesThatDoNotTileThePackedText() {
    byte[] text = ArchiveFixtures.copyText(1, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DataPart.encodePacked(
                    List.of(new PackedRange(ORDERS, 0, text.length - 1, 3)),
                    text,
                    text.length,
                    Codec.ZSTD,
                    1));
    assertTrue(e.getMessage().contains("do not cover"), e.getMessage());
  }

  private static byte[] read(ArchiveReader reader, String table) throws Exception {
    try (InputStream data = reader.openTableData(table)) {
      return data.readAllBytes();
    }
  }

  private static TableInfo table(String id, String name) {
    return new TableInfo(
        id,
        "public",
        name,
        TableInfo.KIND_TABLE,
        false,
        List.of(new ColumnInfo("id", "bigint", true, null, null)),
        List.of("id", "name"),
        true,
        List.of(),
        List.of(),
        100);
  }

  /**
   * Users in three parts of its own, orders and lines in packed part 1, notes in packed part 2,
   * interleaved as parallel workers write them; returns the users' text.
   */
  private byte[] write(Path file, Codec codec) throws Exception {
    int level = codec.defaultLevel();
    byte[][] users = {
      ArchiveFixtures.copyText(1, 500),
      ArchiveFixtures.copyText(501, 700),
      ArchiveFixtures.copyText(1201, 3)
    };
    byte[] packed = new byte[orders.length + lines.length];
    System.arraycopy(orders, 0, packed, 0, orders.length);
    System.arraycopy(lines, 0, packed, orders.length, lines.length);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (ArchiveWriter writer = ArchiveWriter.toFile(file)) {
      writer.writeHeader(
          ArchiveFixtures.header(
              codec,
              level,
              List.of(table(ORDERS, "orders"), table(LINES, "lines"), table(NOTES, "notes"))));
      writer.writeSchema(ArchiveFixtures.schemaSql());
      for (int i = 0; i < users.length; i++) {
        byte[] raw = users[i];
        all.write(raw);
        writer.writePart(
            DataPart.encode(
                ArchiveFixtures.USERS,
                i + 1,
                raw,
                raw.length,
                DataPart.countRows(raw, 0, raw.length),
                codec,
                level));
        if (i == 0) {
          writer.writePart(
              DataPart.encodePacked(
                  List.of(
                      new PackedRange(ORDERS, 0, orders.length, 30),
                      new PackedRange(LINES, orders.length, lines.length, 7)),
                  packed,
                  packed.length,
                  codec,
                  level));
        } else if (i == 1) {
          writer.writePart(
              DataPart.encodePacked(
                  List.of(new PackedRange(NOTES, 0, notes.length, 1)),
                  notes,
                  notes.length,
                  codec,
                  level));
        }
      }
      writer.finish();
    }
    return all.toByteArray();
  }
}
