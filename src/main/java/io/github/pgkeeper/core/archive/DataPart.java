package io.github.pgkeeper.core.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One compressed data part, ready to be appended to an archive: a bounded slice of a table's COPY
 * text, or the whole text of several small tables one after the other (a packed part, {@link
 * #encodePacked}), compressed on its own. Encoding (compression and checksum) is the expensive
 * step, so it runs on the caller's thread, in parallel with other parts; {@link ArchiveWriter} only
 * copies the result.
 */
public final class DataPart {
  private final String tableId;
  private final int part;
  private final byte[] stored;
  private final int storedLength;
  private final long rawBytes;
  private final long rows;
  private final String sha256;
  private final List<PackedRange> ranges;

  DataPart(
      String tableId,
      int part,
      List<PackedRange> ranges,
      byte[] stored,
      int storedLength,
      long rawBytes,
      long rows,
      String sha256) {
    this.tableId = tableId;
    this.ranges = ranges;
    this.part = part;
    this.stored = stored;
    this.storedLength = storedLength;
    this.rawBytes = rawBytes;
    this.rows = rows;
    this.sha256 = sha256;
  }

  /**
   * Compresses {@code raw[0, rawLength)}, COPY text of table {@code tableId}.
   *
   * @param part the part's number within its table, from 1
   * @param rows how many rows end in this slice (its newline count)
   */
  public static DataPart encode(
      String tableId, int part, byte[] raw, int rawLength, long rows, Codec codec, int level)
      throws IOException {
    return encode(tableId, part, null, raw, rawLength, rows, codec, level);
  }

  /**
   * Compresses {@code raw[0, rawLength)}, the whole COPY text of several tables one after the
   * other, as one packed part. The writer numbers it.
   *
   * @param ranges each table's range of {@code raw}, in order; they must tile it exactly
   */
  public static DataPart encodePacked(
      List<PackedRange> ranges, byte[] raw, int rawLength, Codec codec, int level)
      throws IOException {
    long next = 0;
    long rows = 0;
    for (PackedRange range : ranges) {
      if (range.offset() != next || range.length() <= 0) {
        throw new IllegalArgumentException("the ranges do not tile the packed text: " + ranges);
      }
      next += range.length();
      rows += range.rows();
    }
    if (ranges.isEmpty() || next != rawLength) {
      throw new IllegalArgumentException(
          "the ranges " + ranges + " do not cover the " + rawLength + " bytes packed");
    }
    return encode(null, 0, List.copyOf(ranges), raw, rawLength, rows, codec, level);
  }

  private static DataPart encode(
      String tableId,
      int part,
      List<PackedRange> ranges,
      byte[] raw,
      int rawLength,
      long rows,
      Codec codec,
      int level)
      throws IOException {
    ByteSink sink = new ByteSink(codec == Codec.NONE ? rawLength : rawLength / 3 + 1024);
    try (OutputStream out = codec.compressor(sink, level)) {
      out.write(raw, 0, rawLength);
    }
    return new DataPart(
        tableId,
        part,
        ranges,
        sink.buffer(),
        sink.length(),
        rawLength,
        rows,
        Sha256.hex(sink.buffer(), 0, sink.length()));
  }

  /** The number of newline bytes: the rows that end in a slice of COPY text. */
  public static long countRows(byte[] copyText, int offset, int length) {
    long rows = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      if (copyText[i] == '\n') {
        rows++;
      }
    }
    return rows;
  }

  /** The table of a part of one table; null for a packed part. */
  public String tableId() {
    return tableId;
  }

  /** Whether it holds the whole text of several tables ({@link #ranges()}). */
  public boolean isPacked() {
    return ranges != null;
  }

  /** A packed part's tables, in order; null for a part of one table. */
  public List<PackedRange> ranges() {
    return ranges;
  }

  public int part() {
    return part;
  }

  public long rawBytes() {
    return rawBytes;
  }

  public long storedBytes() {
    return storedLength;
  }

  public long rows() {
    return rows;
  }

  public String sha256() {
    return sha256;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(stored, 0, storedLength);
  }
}
