package io.github.pgkeeper.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A table's data parts as one stream of COPY text, each part checked against the manifest when it
 * ends. Problems are thrown as {@link ArchiveCorruptException} naming the entry.
 */
final class TableDataStream extends InputStream {
  private final ArchiveReader reader;
  private final List<ManifestEntry> parts;
  private int next;
  private CheckedPart current;

  TableDataStream(ArchiveReader reader, List<ManifestEntry> parts) {
    this.reader = reader;
    this.parts = parts;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // read(byte[]) returns at least one byte or -1 for a non-empty request
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (true) {
      if (current == null) {
        if (next >= parts.size()) {
          return -1;
        }
        current = open(parts.get(next++));
      }
      String name = current.entry().name();
      int n;
      try {
        n = current.read(buffer, offset, length);
      } catch (CheckedPart.OversizedPartException e) {
        throw damaged(name, e.getMessage(), e);
      } catch (IOException e) {
        throw damaged(name, "cannot be decompressed (" + e.getMessage() + ")", e);
      }
      if (n > 0) {
        return n;
      }
      if (n < 0) {
        String problem;
        try {
          problem = current.finish();
        } catch (IOException e) {
          throw damaged(name, "cannot be read to its end (" + e.getMessage() + ")", e);
        }
        current = null;
        if (problem != null) {
          throw damaged(name, problem, null);
        }
      }
    }
  }

  private CheckedPart open(ManifestEntry part) throws IOException {
    try {
      return reader.openPart(part);
    } catch (IOException e) {
      throw damaged(part.name(), "cannot be opened (" + e.getMessage() + ")", e);
    }
  }

  private ArchiveCorruptException damaged(String entry, String problem, Throwable cause) {
    return ArchiveReader.corrupt(
        reader.file(), "is damaged: entry " + entry + " " + problem, cause);
  }

  @Override
  public void close() {
    current = null;
    next = parts.size();
  }
}
