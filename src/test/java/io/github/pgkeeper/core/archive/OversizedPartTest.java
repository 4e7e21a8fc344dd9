package io.github.pgkeeper.core.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Archives whose parts expand far beyond the size their manifest records (zip bombs) are refused
 * after about that size, on every path that decompresses: verify-backup and restore's table
 * streams. Measured in bytes the decompressor produced, not in time.
 */
class OversizedPartTest {
  private static final long DECLARED = 4096;
  private static final long EXPANDS_TO = 64L * 1024 * 1024;

  @TempDir Path folder;

  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"ZSTD", "GZIP"})
  void restoreStreamsStopOneBytePastTheDeclaredSize(Codec codec) throws Exception {
    Path bomb = writeBomb(codec);
    try (ArchiveReader reader = ArchiveReader.open(bomb);
        InputStream data = reader.openTableData(ArchiveFixtures.USERS)) {
      byte[] buffer = new byte[256 * 1024];
      long[] produced = {0};
      ArchiveCorruptException refused =
          assertThrows(
              ArchiveCorruptException.class,
              () -> {
                for (int n; (n = data.read(buffer)) >= 0; ) {
                  produced[0] += n;
                }
              });
      assertTrue(produced[0] <= DECLARED, "handed out " + produced[0] + " bytes");
      assertTrue(
          refused
              .getMessage()
              .contains(
                  "entry data/0001-public.users/000001.copy"
                      + codec.suffix()
                      + " decompresses to more than the 4096 bytes the manifest records"),
          refused.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"ZSTD", "GZIP"})
  void theDecompressorProducesAtMostOneBytePastTheDeclaredSize(Codec codec) throws Exception {
    Path bomb = writeBomb(codec);
    try (ArchiveReader reader = ArchiveReader.open(bomb)) {
      ManifestEntry part = reader.manifest().parts(ArchiveFixtures.USERS).get(0);
      CheckedPart checked = reader.openPart(part);
      byte[] buffer = new byte[1024 * 1024];
      assertThrows(
          CheckedPart.OversizedPartException.class,
          () -> {
            while (checked.read(buffer, 0, buffer.length) >= 0) {
              // reading until refused
            }
          });
      assertEquals(DECLARED + 1, checked.rawRead(), "bytes the decompressor produced");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Codec.class,
      names = {"ZSTD", "GZIP"})
  void verifyBackupNamesThePartAndStopsAtTheDeclaredSize(Codec codec) throws Exception {
    Path bomb = writeBomb(codec);
    ArchiveCorruptException refused =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveVerifier.verify(bomb));
    assertTrue(
        refused
            .getMessage()
            .contains(
                "entry data/0001-public.users/000001.copy"
                    + codec.suffix()
                    + " decompresses to more than the 4096 bytes the manifest records (reading"
                    + " stopped there)"),
        refused.getMessage());
  }

  @Test
  void aManifestThatLeavesOutAPartsRawSizeIsRefusedWhenOpened() throws Exception {
    Path file = folder.resolve("shop.tar");
    ArchiveFixtures.write(file, Codec.ZSTD);
    Path altered =
        ArchiveFixtures.rewriteManifest(
            file,
            json -> json.replaceFirst("\"rawBytes\":\\d+,(\"rows\")", "$1"),
            folder.resolve("altered.tar"));

    ArchiveCorruptException refused =
        assertThrows(ArchiveCorruptException.class, () -> ArchiveReader.open(altered));
    assertTrue(
        refused.getMessage().contains("has a manifest entry data/0001-public.users/00000"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("without a valid rawBytes"), refused.getMessage());
  }

  /**
   * An archive, complete and with valid checksums, whose users part holds {@link #EXPANDS_TO} zero
   * bytes compressed while the manifest records {@link #DECLARED}.
   */
  private Path writeBomb(Codec codec) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (OutputStream out = codec.compressor(compressed, codec.defaultLevel())) {
      byte[] zeros = new byte[1024 * 1024];
      for (long written = 0; written < EXPANDS_TO; written += zeros.length) {
        out.write(zeros);
      }
    }
    byte[] stored = compressed.toByteArray();
    Path file = folder.resolve("bomb-" + codec.label() + ".tar");
    try (ArchiveWriter writer = ArchiveWriter.toFile(file)) {
      writer.writeHeader(ArchiveFixtures.header(codec, codec.defaultLevel()));
      writer.writeSchema(ArchiveFixtures.schemaSql());
      writer.writePart(
          new DataPart(
              ArchiveFixtures.USERS,
              1,
              null,
              stored,
              stored.length,
              DECLARED,
              1,
              Sha256.hex(stored, 0, stored.length)));
      writer.finish();
    }
    return file;
  }
}
