package io.github.pgkeeper.core.backup;

/**
 * Points in a backup where a test holds it to change the database right there: the races a backup
 * must survive are tested by making them happen, not by hoping for them.
 */
interface BackupPauses {
  BackupPauses NONE = new BackupPauses() {};

  /** The tables are listed; none is locked yet. */
  default void afterListing() {}

  /** The snapshot is taken; the tables that were listed are locked. */
  default void afterSnapshot() {}

  /** The COPY sessions are started; the leader is about to read the schema. */
  default void beforeSchemaRead() {}

  /** Every row is read; the archive is not complete yet. */
  default void afterData() {}
}
