package io.github.pgkeeper.core.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The fixed parts of the archive layout (documented in docs/backup-format.md): entry names, the
 * format version and the JSON encoding of the header and the manifest.
 */
public final class ArchiveFormat {
  /**
   * Raised when the layout changes in a way an older reader cannot follow. 2: the schema as SQL
   * ({@link #SCHEMA}) right after the header. 3: small tables packed together ({@link
   * #PACKED_FOLDER}), the schema entry compressed ({@link #schemaEntry}), compact JSON.
   */
  public static final int VERSION = 3;

  /** The first version whose archives store their schema as {@link #SCHEMA}. */
  public static final int FIRST_VERSION_WITH_SCHEMA = 2;

  /**
   * The first version whose schema entry is compressed with the archive's codec ({@link
   * #schemaEntry}) and whose small tables may share packed parts ({@link #PACKED_FOLDER}).
   */
  public static final int FIRST_VERSION_WITH_PACKED_PARTS = 3;

  public static final String TOOL = "pgkeeper";
  public static final String HEADER = "header.json";
  public static final String MANIFEST = "manifest.json";

  /**
   * The schema as SQL that recreates it, right after the header: the entry's name in format 2; in
   * format 3 and later followed by the codec's suffix ({@link #schemaEntry}).
   */
  public static final String SCHEMA = "schema.sql";

  /** {@code sha256sum} format: {@code <hex> manifest.json}. */
  public static final String MANIFEST_CHECKSUM = "manifest.sha256";

  public static final String DATA_FOLDER = "data/";

  /**
   * Format 3 and later: parts that hold the COPY text of several small tables, one after the other,
   * each table's range recorded in the manifest ({@link PackedRange}). Table ids start with digits,
   * so no table's folder has this name.
   */
  public static final String PACKED_FOLDER = DATA_FOLDER + "packed/";

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

  /**
   * Compact JSON without null fields (format 3): at thousands of tables the indentation and the
   * nulls were a third of the header. A missing field reads back as null, so nothing is lost; jq
   * prints it indented.
   */
  private static final Pattern UNSAFE_IN_FILE_NAME = Pattern.compile("[^A-Za-z0-9_-]");

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ArchiveFormat() {}

  /**
   * A table's key in the archive: its 1-based load-order position and a file-name-safe form of its
   * name, such as {@code 0003-public.users}. The position makes it unique.
   */
  public static String tableId(int position, String schema, String name) {
    // Not String.format: a backup of thousands of small tables calls this once per table.
    String number = Integer.toString(position);
    return "0".repeat(Math.max(0, 4 - number.length()))
        + number
        + "-"
        + safe(schema)
        + "."
        + safe(name);
  }

  private static String safe(String identifier) {
    String safe = UNSAFE_IN_FILE_NAME.matcher(identifier).replaceAll("_");
    return safe.length() > 40 ? safe.substring(0, 40) : safe;
  }

  /** {@code data/<tableId>/<part, 6 digits>.copy<codec suffix>}. */
  public static String partName(String tableId, int part, Codec codec) {
    return DATA_FOLDER + tableId + "/" + String.format("%06d", part) + ".copy" + codec.suffix();
  }

  /**
   * {@code data/packed/<number, 6 digits>.copy<codec suffix>}: the packed parts are numbered from
   * 1.
   */
  public static String packedPartName(int number, Codec codec) {
    return PACKED_FOLDER + String.format("%06d", number) + ".copy" + codec.suffix();
  }

  /**
   * The schema entry's name in an archive of format {@code formatVersion}: {@code schema.sql} in
   * format 2; in format 3 and later compressed like the data, {@code schema.sql.zst} (or {@code
   * .gz}, or {@code schema.sql} without compression).
   */
  public static String schemaEntry(int formatVersion, Codec codec) {
    return formatVersion >= FIRST_VERSION_WITH_PACKED_PARTS ? SCHEMA + codec.suffix() : SCHEMA;
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
