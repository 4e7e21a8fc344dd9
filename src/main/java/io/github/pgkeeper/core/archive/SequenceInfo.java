package io.github.pgkeeper.core.archive;

/**
 * A sequence and its state at the snapshot; a restore calls {@code setval(name, lastValue,
 * isCalled)}.
 *
 * @param ownedBy {@code schema.table.column} of the column that owns it (a serial or identity
 *     column), else null
 */
public record SequenceInfo(
    String schema, String name, long lastValue, boolean isCalled, String ownedBy) {

  /** {@code "schema"."name"}, quoted for SQL. */
  public String qualifiedName() {
    return ArchiveFormat.quote(schema) + "." + ArchiveFormat.quote(name);
  }
}
