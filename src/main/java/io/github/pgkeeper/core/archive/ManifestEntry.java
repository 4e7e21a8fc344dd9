package io.github.pgkeeper.core.archive;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One stored entry of the archive, as the manifest records it.
 *
 * @param name the tar entry name
 * @param size the stored (compressed) size in bytes
 * @param sha256 SHA-256 of the stored bytes, lower-case hex
 * @param table for a data part, the {@link TableInfo#id()} it belongs to; null for the header
 * @param part for a data part, its number within the table, from 1
 * @param rawBytes for a data part, the size of its COPY text once decompressed
 * @param rows for a data part, the rows whose line ends in it (COPY text escapes newlines inside
 *     values, so each raw newline ends a row)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestEntry(
    String name, long size, String sha256, String table, Integer part, Long rawBytes, Long rows) {

  @JsonIgnore
  public boolean isDataPart() {
    return table != null;
  }
}
