package io.github.pgkeeper.core.archive;

import java.util.List;

/**
 * The migration history table of the backed-up database: its rows go here rather than into the
 * data, with the text of each applied script, so the archive alone can rebuild the schema.
 *
 * @param schema the history table's schema
 * @param table the history table's name
 * @param exists whether the table existed (a database never migrated has no history)
 * @param migrations every row, in installed order
 */
public record MigrationHistory(
    String schema, String table, boolean exists, List<MigrationRecord> migrations) {

  public MigrationHistory {
    migrations = List.copyOf(migrations);
  }

  /** The version of the newest successfully applied migration, or null if there is none. */
  public String currentVersion() {
    String current = null;
    for (MigrationRecord migration : migrations) {
      if (migration.success()) {
        current = migration.version();
      }
    }
    return current;
  }
}
