package io.github.pgkeeper.core.archive;

/**
 * A materialized view. Its rows are not stored: a restore refreshes it when {@code populated}.
 *
 * @param populated whether it held data (had been refreshed) when the backup was taken
 */
public record MaterializedViewInfo(String schema, String name, boolean populated) {

  /** {@code "schema"."name"}, quoted for SQL. */
  public String qualifiedName() {
    return ArchiveFormat.quote(schema) + "." + ArchiveFormat.quote(name);
  }
}
