package io.github.pgkeeper.core.archive;

/**
 * A piece of one table's COPY text: a whole data part of its own, or its range of a packed part. A
 * table's text is its pieces in part order.
 *
 * @param entry the data part that holds it
 * @param part the part's number within the table (1 for a range of a packed part)
 * @param offset where the piece starts in the part's decompressed text (0 for a part of its own)
 * @param length the piece's bytes of COPY text
 * @param rows the rows that end in it
 */
record TablePiece(ManifestEntry entry, int part, long offset, long length, long rows) {

  static TablePiece ownPart(ManifestEntry entry) {
    return new TablePiece(entry, entry.part(), 0, entry.rawBytes(), entry.rows());
  }

  static TablePiece range(ManifestEntry packed, PackedRange range) {
    return new TablePiece(packed, 1, range.offset(), range.length(), range.rows());
  }

  boolean packed() {
    return entry.isPacked();
  }
}
