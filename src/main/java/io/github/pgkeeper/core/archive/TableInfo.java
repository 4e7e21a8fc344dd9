package io.github.pgkeeper.core.archive;

import java.util.List;

/**
 * One table of the archive.
 *
 * @param id the table's key inside the archive: its data parts are {@code data/<id>/…} and the
 *     manifest counts rows per id. Unique, made of the load-order position and a file-name-safe
 *     form of the name, such as {@code 0003-public.users}.
 * @param schema the schema, as PostgreSQL spells it (not quoted)
 * @param name the table name, as PostgreSQL spells it (not quoted)
 * @param kind {@code table}, or {@code partitioned} for a partitioned table whose rows (those of
 *     all its partitions) are stored once, under the partitioned table
 * @param unlogged whether the table is UNLOGGED
 * @param columns every column, in table order, including generated ones
 * @param copyColumns the columns of the COPY text in the parts, in order: generated columns are
 *     left out, so a restore uses {@code COPY table (copyColumns) FROM STDIN}
 * @param dataIncluded false when the table's rows were excluded (only its definition is kept)
 * @param dependsOn ids of the tables its foreign keys reference (its own id for a self-reference)
 * @param partitions the partitions (schema.name) whose rows this partitioned table holds
 * @param estimatedBytes the on-disk size when the backup was taken, to schedule large tables first
 */
public record TableInfo(
    String id,
    String schema,
    String name,
    String kind,
    boolean unlogged,
    List<ColumnInfo> columns,
    List<String> copyColumns,
    boolean dataIncluded,
    List<String> dependsOn,
    List<String> partitions,
    long estimatedBytes) {

  public static final String KIND_TABLE = "table";
  public static final String KIND_PARTITIONED = "partitioned";

  public TableInfo {
    columns = List.copyOf(columns);
    copyColumns = List.copyOf(copyColumns);
    dependsOn = List.copyOf(dependsOn);
    partitions = List.copyOf(partitions);
  }

  /** {@code schema.name}, unquoted, for messages. */
  public String displayName() {
    return schema + "." + name;
  }

  /** {@code "schema"."name"}, quoted for SQL. */
  public String qualifiedName() {
    return ArchiveFormat.quote(schema) + "." + ArchiveFormat.quote(name);
  }

  /** The column list of the COPY text, quoted for SQL: {@code ("id", "name")}. */
  public String copyColumnList() {
    StringBuilder list = new StringBuilder("(");
    for (int i = 0; i < copyColumns.size(); i++) {
      list.append(i == 0 ? "" : ", ").append(ArchiveFormat.quote(copyColumns.get(i)));
    }
    return list.append(')').toString();
  }
}
