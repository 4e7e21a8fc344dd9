package io.github.pgkeeper.core.archive;

import io.github.pgkeeper.core.schema.ObjectKey;
import io.github.pgkeeper.core.schema.ObjectKind;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaObject;
import io.github.pgkeeper.core.schema.Section;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Small archives written with {@link ArchiveWriter}, for the format tests. */
final class ArchiveFixtures {
  static final String USERS = ArchiveFormat.tableId(1, "public", "users");
  static final String EMPTY = ArchiveFormat.tableId(2, "public", "empty");
  static final String AUDIT = ArchiveFormat.tableId(3, "public", "Audit;Log");

  private ArchiveFixtures() {}

  static ArchiveHeader header(Codec codec, int level) {
    return header(codec, level, List.of());
  }

  /** {@link #header(Codec, int)} with {@code more} tables after its three. */
  static ArchiveHeader header(Codec codec, int level, List<TableInfo> more) {
    List<ColumnInfo> columns =
        List.of(
            new ColumnInfo("id", "bigint", true, "by default", null),
            new ColumnInfo("name", "text", false, null, null),
            new ColumnInfo("name_upper", "text", false, null, "stored"));
    List<TableInfo> tables =
        new ArrayList<>(
            List.of(
                new TableInfo(
                    USERS,
                    "public",
                    "users",
                    TableInfo.KIND_TABLE,
                    false,
                    columns,
                    List.of("id", "name"),
                    true,
                    List.of(),
                    List.of(),
                    1000),
                new TableInfo(
                    EMPTY,
                    "public",
                    "empty",
                    TableInfo.KIND_TABLE,
                    true,
                    columns.subList(0, 1),
                    List.of("id"),
                    true,
                    List.of(USERS),
                    List.of(),
                    0),
                new TableInfo(
                    AUDIT,
                    "public",
                    "Audit;Log",
                    TableInfo.KIND_TABLE,
                    false,
                    columns.subList(0, 1),
                    List.of("id"),
                    false,
                    List.of(USERS),
                    List.of(),
                    0)));
    tables.addAll(more);
    return new ArchiveHeader(
        ArchiveFormat.VERSION,
        ArchiveFormat.TOOL,
        "test",
        "17.6",
        170006,
        "shop",
        "UTF8",
        "2025-01-02T03:04:05Z",
        codec.label(),
        level,
        List.of("public"),
        new MigrationHistory(
            "public",
            "pgkeeper_history",
            true,
            List.of(
                new MigrationRecord(
                    1,
                    "001",
                    "create users",
                    "001_create_users.sql",
                    "abc",
                    "postgres",
                    "2025-01-01T00:00:00Z",
                    12,
                    true,
                    null,
                    null,
                    null,
                    "CREATE TABLE users (id bigint);\n",
                    "abc"))),
        tables,
        List.of(new SequenceInfo("public", "users_id_seq", 42, true, "public.users.id")),
        List.of(new MaterializedViewInfo("public", "user_counts", true)),
        new SchemaInfo(
            ArchiveFormat.schemaEntry(ArchiveFormat.VERSION, codec),
            1,
            List.of(),
            List.of("postgres")));
  }

  /** The schema entry of {@link #write}: one object, the schema itself. */
  static String schemaSql() {
    return new SchemaModel(
            List.of(
                new SchemaObject(
                    new ObjectKey(ObjectKind.SCHEMA, "public"),
                    "public",
                    "postgres",
                    Section.PRE_DATA,
                    List.of("CREATE SCHEMA IF NOT EXISTS public"),
                    List.of(),
                    Set.of())),
            List.of(),
            Set.of("postgres"))
        .toSql("test");
  }

  /** COPY text of {@code rows} rows, with tabs, escapes and non-ASCII like real COPY output. */
  static byte[] copyText(int firstId, int rows) {
    StringBuilder text = new StringBuilder();
    for (int i = firstId; i < firstId + rows; i++) {
      text.append(i).append('\t').append("name ").append(i).append(" é\\n\\t ü").append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes an archive with users in three parts (written out of order, as parallel workers do), an
   * empty table and a data-excluded one; returns the users' COPY text.
   */
  static byte[] write(Path target, Codec codec) throws Exception {
    int level = codec.defaultLevel();
    ByteArrayOutputStream users = new ByteArrayOutputStream();
    byte[][] parts = {copyText(1, 500), copyText(501, 700), copyText(1201, 3)};
    for (byte[] part : parts) {
      users.write(part);
    }
    try (ArchiveWriter writer = ArchiveWriter.toFile(target)) {
      writer.writeHeader(header(codec, level));
      writer.writeSchema(schemaSql());
      for (int i : new int[] {1, 0, 2}) {
        byte[] raw = parts[i];
        writer.writePart(
            DataPart.encode(
                USERS,
                i + 1,
                raw,
                raw.length,
                DataPart.countRows(raw, 0, raw.length),
                codec,
                level));
      }
      writer.finish();
    }
    return users.toByteArray();
  }

  /** A copy of {@code file} with its manifest edited and its manifest checksum recomputed. */
  static Path rewriteManifest(Path file, UnaryOperator<String> edit, Path copy) throws IOException {
    try (TarFile tar = new TarFile(file);
        TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(copy))) {
      byte[] manifest = null;
      for (TarArchiveEntry entry : new ArrayList<>(tar.getEntries())) {
        byte[] content;
        try (InputStream in = tar.getInputStream(entry)) {
          content = in.readAllBytes();
        }
        if (entry.getName().equals(ArchiveFormat.MANIFEST)) {
          content =
              edit.apply(new String(content, StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          manifest = content;
        } else if (entry.getName().equals(ArchiveFormat.MANIFEST_CHECKSUM)) {
          content = ArchiveFormat.manifestChecksumLine(Sha256.hex(manifest, 0, manifest.length));
        }
        TarArchiveEntry copied = new TarArchiveEntry(entry.getName());
        copied.setSize(content.length);
        out.putArchiveEntry(copied);
        out.write(content);
        out.closeArchiveEntry();
      }
    }
    return copy;
  }
}
