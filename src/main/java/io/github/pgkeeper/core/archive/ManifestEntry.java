package io.github.pgkeeper.core.archive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One stored entry of the archive, as the manifest records it.
 *
 * @param name the tar entry name
 * @param size the stored (compressed) size in bytes
 * @param sha256 SHA-256 of the stored bytes, lower-case hex
 * @param table for a data part of one table, the {@link TableInfo#id()} it belongs to; null for
 *     other entries and for a packed part
 * @param part for a data part of one table, its number within the table, from 1
 * @param rawBytes for an entry stored through the archive's codec (data parts; in format 3 also the
 *     schema entry), its size once decompressed
 * @param rows for a data part, the rows whose line ends in it (COPY text escapes newlines inside
 *     values, so each raw newline ends a row)
 * @param ranges for a packed part (format 3), the tables whose COPY text it holds, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(
    String name,
    long size,
    String sha256,
    String table,
    Integer part,
    Long rawBytes,
    Long rows,
    List<PackedRange> ranges) {

  public ManifestEntry {
    ranges = ranges == null ? null : List.copyOf(ranges);
  }

  /** An entry that is not a packed part. */
  public ManifestEntry(
      String name, long size, String sha256, String table, Integer part, Long rawBytes, Long rows) {
    this(name, size, sha256, table, part, rawBytes, rows, null);
  }

  /** Whether it holds COPY text: a part of one table, or a packed part. */
  @JsonIgnore
  public boolean isDataPart() {
    return table != null || ranges != null;
  }

  /** Whether it holds the whole COPY text of several tables (format 3). */
  @JsonIgnore
  public boolean isPacked() {
    return ranges != null;
  }

  /**
   * Whether it is stored through the archive's codec (and decompresses to {@code rawBytes}): data
   * parts, and the schema entry in format 3. The header, the manifest and its checksum are not.
   */
  @JsonIgnore
  public boolean isEncoded() {
    return rawBytes != null;
  }
}
