package io.github.pgkeeper.core.archive;

import java.util.List;
import java.util.Optional;

/**
 * The first entry of an archive ({@code header.json}): what was backed up, from where, and
 * everything a restore needs besides the rows. Written before any data, so a reader knows the
 * tables before it meets their parts.
 *
 * @param formatVersion {@link ArchiveFormat#VERSION} of the writer
 * @param tool always {@code pgkeeper}
 * @param toolVersion the plugin version that wrote the archive
 * @param serverVersion PostgreSQL's {@code server_version}, such as {@code 17.6}
 * @param serverVersionNumber {@code server_version_num}, such as {@code 170006}
 * @param database the database name
 * @param encoding the server encoding; COPY text in the parts is UTF-8 whatever it is
 * @param createdAt when the snapshot was taken, ISO-8601 in UTC
 * @param compression the {@link Codec#label()} of every data part
 * @param compressionLevel the level the parts were compressed at
 * @param schemas the schemas backed up
 * @param history the migration history table, its rows and the applied scripts' text
 * @param tables every table backed up, in load order (foreign-key parents first)
 * @param sequences every sequence of the schemas, with its value at the snapshot
 * @param materializedViews materialized views of the schemas, to refresh after a restore
 * @param schema the entry holding the schema as SQL (format 2 and later); null in format 1
 */
public record ArchiveHeader(
    int formatVersion,
    String tool,
    String toolVersion,
    String serverVersion,
    int serverVersionNumber,
    String database,
    String encoding,
    String createdAt,
    String compression,
    int compressionLevel,
    List<String> schemas,
    MigrationHistory history,
    List<TableInfo> tables,
    List<SequenceInfo> sequences,
    List<MaterializedViewInfo> materializedViews,
    SchemaInfo schema) {

  public ArchiveHeader {
    schemas = List.copyOf(schemas);
    tables = List.copyOf(tables);
    sequences = List.copyOf(sequences);
    materializedViews = List.copyOf(materializedViews);
  }

  /** Whether the archive stores its schema as SQL ({@code schema.sql}): format 2 and later. */
  public boolean hasSchema() {
    return schema != null;
  }

  public Codec codec() {
    return Codec.parse(compression);
  }

  /** The tables in load order: a table comes after every table it references. */
  public List<TableInfo> loadOrder() {
    return tables;
  }

  public Optional<TableInfo> table(String id) {
    return tables.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The table with this schema and name, exactly as PostgreSQL spells them. */
  public Optional<TableInfo> table(String schema, String name) {
    return tables.stream()
        .filter(t -> t.schema().equals(schema) && t.name().equals(name))
        .findFirst();
  }
}
