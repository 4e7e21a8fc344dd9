package io.github.pgkeeper.core.archive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The fixed parts of the archive layout (documented in docs/backup-format.md): entry names, the
 * format version and the JSON encoding of the header and the manifest.
 */
public final class ArchiveFormat {
  /**
   * Raised when the layout changes in a way an older reader cannot follow. 2: the schema as SQL
   * ({@link #SCHEMA}) right after the header.
   */
  public static final int VERSION = 2;

  /** The first version whose archives store their schema as {@link #SCHEMA}. */
  public static final int FIRST_VERSION_WITH_SCHEMA = 2;

  public static final String TOOL = "pgkeeper";
  public static final String HEADER = "header.json";
  public static final String MANIFEST = "manifest.json";

  /** The schema as SQL that recreates it, right after the header (format 2 and later). */
  public static final String SCHEMA = "schema.sql";

  /** {@code sha256sum} format: {@code <hex> manifest.json}. */
  public static final String MANIFEST_CHECKSUM = "manifest.sha256";

  public static final String DATA_FOLDER = "data/";

  /**
   * The last entry of a backup that failed while writing to standard output, a pipe or a device:
   * only its header is written, so {@code tar} stops at an unexpected end and no reader mistakes
   * the stream for a complete archive. A file backup deletes its temporary file instead.
   */
  public static final String FAILED_ENTRY = "BACKUP-FAILED-do-not-restore";

  /** Raw COPY text per data part: bounds the memory of a part whatever the table's size. */
  public static final int DEFAULT_PART_BYTES = 4 * 1024 * 1024;

  /**
   * Part numbers per slice: a table read in slices numbers the parts of slice {@code s} (from 0)
   * from {@code s × PARTS_PER_SLICE + 1}, so that the part order is the row order.
   */
  public static final int PARTS_PER_SLICE = 1_000_000;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ArchiveFormat() {}

  /**
   * A table's key in the archive: its 1-based load-order position and a file-name-safe form of its
   * name, such as {@code 0003-public.users}. The position makes it unique.
   */
  public static String tableId(int position, String schema, String name) {
    return String.format("%04d-%s.%s", position, safe(schema), safe(name));
  }

  private static String safe(String identifier) {
    String safe = identifier.replaceAll("[^A-Za-z0-9_-]", "_");
    return safe.length() > 40 ? safe.substring(0, 40) : safe;
  }

  /** {@code data/<tableId>/<part, 6 digits>.copy<codec suffix>}. */
  public static String partName(String tableId, int part, Codec codec) {
    return DATA_FOLDER + tableId + "/" + String.format("%06d", part) + ".copy" + codec.suffix();
  }

  /**
   * Whether part number {@code part} may come right after {@code previous} (0 before the first):
   * the next number, or the first part of a later slice.
   */
  public static boolean partFollows(int previous, int part) {
    return part == previous + 1
        || (part % PARTS_PER_SLICE == 1 && part / PARTS_PER_SLICE > previous / PARTS_PER_SLICE);
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static byte[] toJson(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  static <T> T fromJson(byte[] json, Class<T> type) throws IOException {
    return JSON.readValue(json, type);
  }

  /** The text of {@link #MANIFEST_CHECKSUM}. */
  static byte[] manifestChecksumLine(String sha256) {
    return (sha256 + "  " + MANIFEST + "\n").getBytes(StandardCharsets.US_ASCII);
  }
}
