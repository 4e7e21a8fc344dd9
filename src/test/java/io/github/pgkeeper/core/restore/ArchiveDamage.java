package io.github.pgkeeper.core.restore;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Damages a copy of an archive the way a bad disk or a bad transfer would. */
final class ArchiveDamage {
  private ArchiveDamage() {}

  /**
   * A copy of {@code archive} with one byte flipped in the middle of the first data part of a
   * table.
   */
  static Path flipByteInPartOf(Path archive, String tableName, Path copy) throws Exception {
    long offset = -1;
    try (TarFile tar = new TarFile(archive)) {
      for (TarArchiveEntry entry : tar.getEntries()) {
        if (entry.getName().contains("." + tableName + "/")) {
          offset = entry.getDataOffset() + entry.getSize() / 2;
          break;
        }
      }
    }
    if (offset < 0) {
      throw new IllegalArgumentException("no data part of " + tableName + " in " + archive);
    }
    byte[] bytes = Files.readAllBytes(archive);
    bytes[(int) offset] ^= 0x5a;
    Files.write(copy, bytes);
    return copy;
  }
}
