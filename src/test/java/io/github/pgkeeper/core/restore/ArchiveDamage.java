package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveWriter;
import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.archive.DataPart;
import io.github.pgkeeper.core.archive.ManifestEntry;
import io.github.pgkeeper.core.archive.SchemaInfo;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.schema.SchemaModel;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/** Damages a copy of an archive the way a bad disk or a bad transfer would. */
final class ArchiveDamage {
  private ArchiveDamage() {}

  /** A copy of {@code archive} with one byte flipped in the middle of the entry {@code name}. */
  static Path flipByteInEntry(Path archive, String name, Path copy) throws Exception {
    long offset = -1;
    try (TarFile tar = new TarFile(archive)) {
      for (TarArchiveEntry entry : tar.getEntries()) {
        if (entry.getName().equals(name)) {
          offset = entry.getDataOffset() + entry.getSize() / 2;
        }
      }
    }
    if (offset < 0) {
      throw new IllegalArgumentException("no entry " + name + " in " + archive);
    }
    byte[] bytes = Files.readAllBytes(archive);
    bytes[(int) offset] ^= 0x5a;
    Files.write(copy, bytes);
    return copy;
  }

  /**
   * A copy of {@code archive}, complete and with valid checksums, whose schema.sql is {@code edit}
   * of the original, and whose header counts its objects: as if the source had had that schema.
   */
  static Path rewriteSchema(Path archive, UnaryOperator<String> edit, Path copy) throws Exception {
    try (ArchiveReader reader = ArchiveReader.open(archive);
        ArchiveWriter writer = ArchiveWriter.toFile(copy)) {
      ArchiveHeader header = reader.header();
      String sql = edit.apply(reader.schemaSql().orElseThrow());
      SchemaInfo schema = header.schema();
      writer.writeHeader(
          new ArchiveHeader(
              header.formatVersion(),
              header.tool(),
              header.toolVersion(),
              header.serverVersion(),
              header.serverVersionNumber(),
              header.database(),
              header.encoding(),
              header.createdAt(),
              header.compression(),
              header.compressionLevel(),
              header.schemas(),
              header.history(),
              header.tables(),
              header.sequences(),
              header.materializedViews(),
              new SchemaInfo(
                  schema.entry(),
                  SchemaModel.parse(sql).objects().size(),
                  schema.warnings(),
                  schema.roles())));
      writer.writeSchema(sql);
      copyParts(reader, writer);
      writer.finish();
    }
    return copy;
  }

  /** Every data part of {@code reader}, as stored. */
  private static void copyParts(ArchiveReader reader, ArchiveWriter writer) throws Exception {
    Codec codec = Codec.parse(reader.header().compression());
    for (TableInfo table : reader.header().tables()) {
      if (!table.dataIncluded() || reader.manifest().totals(table.id()).isEmpty()) {
        continue;
      }
      byte[] raw;
      try (InputStream data = reader.openTableData(table.id())) {
        raw = data.readAllBytes();
      }
      if (raw.length == 0) {
        continue;
      }
      writer.writePart(
          DataPart.encode(
              table.id(),
              1,
              raw,
              raw.length,
              DataPart.countRows(raw, 0, raw.length),
              codec,
              codec.defaultLevel()));
    }
  }

  /**
   * A copy of {@code archive} with one byte flipped in the middle of the first data part that holds
   * rows of a table: a part of its own, or the packed part it shares with other small tables.
   */
  static Path flipByteInPartOf(Path archive, String tableName, Path copy) throws Exception {
    return flipByteInEntry(archive, partOf(archive, tableName), copy);
  }

  /** The name of the first data part that holds rows of the table {@code tableName}. */
  static String partOf(Path archive, String tableName) throws Exception {
    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      TableInfo table =
          reader.header().tables().stream()
              .filter(t -> t.name().equals(tableName))
              .findFirst()
              .orElseThrow();
      return reader.manifest().entries().stream()
          .filter(
              e ->
                  table.id().equals(e.table())
                      || e.isPacked()
                          && e.ranges().stream().anyMatch(r -> r.table().equals(table.id())))
          .map(ManifestEntry::name)
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no data part of " + tableName));
    }
  }

  /**
   * A copy of {@code archive}, complete and with valid checksums, in which the COPY text of one
   * table is replaced by {@code edit} of it (each table in a single part): as if another program
   * had written it.
   */
  static Path rewriteTable(Path archive, String tableName, UnaryOperator<String> edit, Path copy)
      throws Exception {
    try (ArchiveReader reader = ArchiveReader.open(archive);
        ArchiveWriter writer = ArchiveWriter.toFile(copy)) {
      writer.writeHeader(reader.header());
      if (reader.header().hasSchema()) {
        writer.writeSchema(reader.schemaSql().orElseThrow());
      }
      Codec codec = Codec.parse(reader.header().compression());
      for (TableInfo table : reader.header().tables()) {
        if (!table.dataIncluded() || reader.manifest().totals(table.id()).isEmpty()) {
          continue;
        }
        String text;
        try (InputStream data = reader.openTableData(table.id())) {
          text = new String(data.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (text.isEmpty()) {
          continue;
        }
        if (table.name().equals(tableName)) {
          text = edit.apply(text);
        }
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        writer.writePart(
            DataPart.encode(
                table.id(),
                1,
                raw,
                raw.length,
                DataPart.countRows(raw, 0, raw.length),
                codec,
                codec.defaultLevel()));
      }
      writer.finish();
    }
    return copy;
  }
}
