package io.github.pgkeeper.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A table's pieces of COPY text as one stream: its own data parts, each checked against the
 * manifest when it ends, or its range of a packed part, which is checked whole before any of it is
 * read ({@link ArchiveReader#packedText}). Problems are thrown as {@link ArchiveCorruptException}
 * naming the entry (and, for a packed part, its tables).
 */
final class TableDataStream extends InputStream {
  private final ArchiveReader reader;
  private final TableInfo table;
  private final List<TablePiece> pieces;
  private int next;
  private CheckedPart current;

  /** The packed text being read, and where its piece ends; null when none. */
  private byte[] packed;

  private int packedAt;
  private int packedEnd;

  TableDataStream(ArchiveReader reader, TableInfo table, List<TablePiece> pieces) {
    this.reader = reader;
    this.table = table;
    this.pieces = pieces;
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
      if (packed != null) {
        int n = Math.min(length, packedEnd - packedAt);
        if (n > 0) {
          System.arraycopy(packed, packedAt, buffer, offset, n);
          packedAt += n;
          return n;
        }
        packed = null;
      }
      if (current == null) {
        if (next >= pieces.size()) {
          return -1;
        }
        TablePiece piece = pieces.get(next++);
        if (piece.packed()) {
          packed = reader.packedText(piece.entry(), table.id());
          packedAt = (int) piece.offset();
          packedEnd = (int) (piece.offset() + piece.length());
          continue;
        }
        current = open(piece.entry());
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
    packed = null;
    next = pieces.size();
  }
}
