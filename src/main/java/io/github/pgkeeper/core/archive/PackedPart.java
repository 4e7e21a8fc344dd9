package io.github.pgkeeper.core.archive;

import java.util.List;
import java.util.Locale;

/**
 * A packed part (format 3) read whole: through its checksum and decompressor, then each table's
 * range checked for the rows the manifest records and for ending at a row boundary. That the ranges
 * tile the part is checked when the manifest is read ({@link #tilingProblem}). A packed part holds
 * small tables only (at most one part's worth of text), so it is read into memory.
 */
final class PackedPart {
  private PackedPart() {}

  /**
   * The part's decompressed text, checked.
   *
   * @throws CheckedPart.Damaged saying what is wrong with it (without its name)
   */
  static byte[] read(ArchiveReader reader, ManifestEntry entry) throws CheckedPart.Damaged {
    byte[] text = CheckedPart.readWhole(reader, entry);
    for (PackedRange range : entry.ranges()) {
      int start = (int) range.offset();
      int length = (int) range.length();
      long rows = DataPart.countRows(text, start, length);
      if (rows != range.rows()) {
        throw new CheckedPart.Damaged(
            "holds "
                + rows
                + " rows of table "
                + range.table()
                + " where the manifest records "
                + range.rows());
      }
      if (text[start + length - 1] != '\n') {
        throw new CheckedPart.Damaged("ends the text of table " + range.table() + " inside a row");
      }
    }
    return text;
  }

  /**
   * Whether the ranges of a packed part tile its text exactly, in order, each with a table and some
   * bytes, adding up to the part's rows; the problem, or null.
   */
  static String tilingProblem(ManifestEntry entry) {
    List<PackedRange> ranges = entry.ranges();
    if (ranges.isEmpty()) {
      return "lists no table";
    }
    long next = 0;
    long rows = 0;
    for (PackedRange range : ranges) {
      if (range.table() == null || range.length() <= 0 || range.rows() < 0) {
        return "has a range without a table, bytes or rows: " + range;
      }
      if (range.offset() != next) {
        return String.format(
            Locale.ROOT,
            "has ranges that do not tile it: table %s starts at byte %d where the range before"
                + " it ends at %d",
            range.table(),
            range.offset(),
            next);
      }
      next += range.length();
      rows += range.rows();
    }
    if (next != entry.rawBytes()) {
      return "has ranges that do not tile it: they end at byte "
          + next
          + " where the part holds "
          + entry.rawBytes();
    }
    if (rows != entry.rows()) {
      return "has ranges of " + rows + " rows where the part records " + entry.rows();
    }
    return null;
  }

  /** The tables of a packed part for a message, {@code first} (when given) named first. */
  static String tables(ArchiveHeader header, ManifestEntry entry, String first) {
    List<String> ids = entry.ranges().stream().map(PackedRange::table).toList();
    StringBuilder names = new StringBuilder();
    int named = 0;
    if (first != null && ids.contains(first)) {
      names.append(displayName(header, first));
      named++;
    }
    for (String id : ids) {
      if (named == 3) {
        break;
      }
      if (!id.equals(first)) {
        names.append(named == 0 ? "" : ", ").append(displayName(header, id));
        named++;
      }
    }
    int more = ids.size() - named;
    return "table"
        + (ids.size() == 1 ? " " : "s ")
        + names
        + (more > 0 ? String.format(Locale.ROOT, " and %,d more", more) : "");
  }

  private static String displayName(ArchiveHeader header, String id) {
    return header.table(id).map(TableInfo::displayName).orElse(id);
  }
}
