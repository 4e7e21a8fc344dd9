package io.github.pgkeeper.core.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema entry (format 2 and later; compressed like the data in format 3): stored right after
 * the header, checksummed, and read back.
 */
class SchemaEntryTest {
  @TempDir Path folder;

  @Test
  void theSchemaEntryReadsBackAsTheSchemaTheBackupWrote() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);

    VerifyReport report = ArchiveVerifier.verify(file);
    try (ArchiveReader reader = ArchiveReader.open(file)) {
      assertEquals(ArchiveFixtures.schemaSql(), reader.schemaSql().orElseThrow());
      assertEquals(1, reader.schemaModel().orElseThrow().objects().size());
      assertEquals("schema.sql.zst", reader.entryNames().get(1));
      assertTrue(reader.manifest().entry("schema.sql.zst").isPresent(), "checksummed");
    }
    assertEquals(3, report.header().formatVersion());
    assertTrue(
        String.join("\n", report.lines()).contains("Schema: 1 object(s) in schema.sql.zst"),
        report.lines().toString());
  }

  @Test
  void aDamagedSchemaEntryIsRefusedByVerifyAndByTheReader() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);
    ArchiveFormatTest.flipByte(file, ArchiveFormatTest.dataOffset(file, "schema.sql.zst") + 20);

    ArchiveCorruptException verify =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(file));
    // A flipped byte in compressed text: the SHA-256, or the decompressor first, finds it.
    assertTrue(
        verify.getMessage().contains("entry schema.sql.zst does not match its SHA-256")
            || verify.getMessage().contains("entry schema.sql.zst cannot be read or decompressed"),
        verify.getMessage());
    assertTrue(verify.getMessage().contains("1 problem"), verify.getMessage());
    try (ArchiveReader reader = ArchiveReader.open(file)) {
      ArchiveCorruptException structure =
          assertThrows(
              ArchiveCorruptException.class, () -> ArchiveVerifier.verifyStructure(reader));
      assertTrue(structure.getMessage().contains("entry schema.sql.zst"), structure.getMessage());
      ArchiveCorruptException read =
          assertThrows(ArchiveCorruptException.class, reader::schemaModel);
      assertTrue(read.getMessage().contains("damaged schema.sql.zst"), read.getMessage());
    }
  }

  @Test
  void aSchemaEntryThatIsNotABackupsSchemaIsRefusedNamingTheLine() throws Exception {
    Path file = folder.resolve("shop.tar");
    try (ArchiveWriter writer = ArchiveWriter.toFile(file)) {
      writer.writeHeader(ArchiveFixtures.header(Codec.NONE, 0));
      writer.writeSchema("-- a title\n\nDROP TABLE public.users;\n");
      writer.finish();
    }

    ArchiveCorruptException e =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(file));
    assertTrue(
        e.getMessage().contains("it has a schema.sql that is not the schema a backup writes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void aHeaderWithoutItsSchemaIsRefused() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveHeader full = ArchiveFixtures.header(Codec.NONE, 0);
    ArchiveHeader withoutSchema =
        new ArchiveHeader(
            full.formatVersion(),
            full.tool(),
            full.toolVersion(),
            full.serverVersion(),
            full.serverVersionNumber(),
            full.database(),
            full.encoding(),
            full.createdAt(),
            full.compression(),
            full.compressionLevel(),
            full.schemas(),
            full.history(),
            full.tables(),
            full.sequences(),
            full.materializedViews(),
            null);
    try (ArchiveWriter writer = ArchiveWriter.toFile(file)) {
      writer.writeHeader(withoutSchema);
      writer.finish();
    }

    ArchiveCorruptException e =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(file));
    assertTrue(
        e.getMessage().contains("format-3 archive does not describe its schema.sql"),
        e.getMessage());
  }
}
