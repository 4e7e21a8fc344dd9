package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.migration.AppliedMigration;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Compares the target's migration history with the archive's and decides: rebuild the schema from
 * the archive (an empty target), load into it (the same version), or refuse (another version).
 */
final class SchemaState {
  private static final int LISTED_TABLES = 5;

  private SchemaState() {}

  /** Whether to rebuild the schema from the archive's migrations before loading. */
  static boolean needsRebuild(
      Connection connection, ArchiveHeader header, String historySchema, String historyName)
      throws SQLException {
    HistoryTable history = new HistoryTable(historySchema, historyName);
    String archived = header.history().currentVersion();
    List<AppliedMigration> rows = history.read(connection);
    Version current = null;
    for (AppliedMigration row : rows) {
      if (row.success()) {
        current = row.version();
      }
    }
    String inArchive = archived == null ? "no migration" : "version " + archived;
    if (rows.isEmpty()) {
      List<String> tables =
          TargetCatalog.tablesIn(connection, header.schemas(), historySchema, historyName);
      if (tables.isEmpty()) {
        if (archived == null) {
          throw new PgKeeperException(
              "The target database is empty (no table in schema(s) "
                  + String.join(", ", header.schemas())
                  + "), and the archive records no migrations to rebuild its schema from. Create"
                  + " the schema first (db:migrate), then restore.");
        }
        return true;
      }
      if (archived == null) {
        return false;
      }
      throw new PgKeeperException(
          "The target database holds tables ("
              + list(tables)
              + ") but no migration history in "
              + history.displayName()
              + ", so its schema version is unknown; the archive was taken at "
              + inArchive
              + ". Restore into an empty database (the archive rebuilds its schema), or bring this"
              + " one to version "
              + archived
              + " with db:migrate (or record it with db:baseline) first.");
    }
    if (archived != null && current != null && Version.parse(archived).equals(current)) {
      return false;
    }
    String advice;
    if (archived == null || current == null) {
      advice = "Restore into a database at the archive's schema version.";
    } else if (Version.parse(archived).compareTo(current) < 0) {
      advice =
          "Roll the target back to version "
              + archived
              + " (db:rollback) or restore into an empty database, which the archive rebuilds.";
    } else {
      advice =
          "Migrate the target to version "
              + archived
              + " (db:migrate -Ddb.target="
              + archived
              + ") or restore into an empty database, which the archive rebuilds.";
    }
    throw new PgKeeperException(
        "The archive was taken at schema "
            + inArchive
            + ", but the target database is at "
            + (current == null ? "no version" : "version " + current)
            + " (per "
            + history.displayName()
            + "). Its rows fit only the schema they came from; nothing was changed. "
            + advice);
  }

  private static String list(List<String> tables) {
    return String.join(", ", tables.subList(0, Math.min(LISTED_TABLES, tables.size())))
        + (tables.size() > LISTED_TABLES
            ? " and " + (tables.size() - LISTED_TABLES) + " more"
            : "");
  }
}
