package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.migration.AppliedMigration;
import io.github.pgkeeper.core.migration.HistoryTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Compares the target's migration history with the archive's and decides: rebuild the schema from
 * the archive's schema entry or its migrations (an empty target), load into it (the same history),
 * or refuse (another version of the same history, or another history altogether unless {@code
 * allowHistoryMismatch}). The caller holds the migration lock, so no db:migrate changes the history
 * between this and the load.
 */
final class SchemaState {
  private static final int LISTED_TABLES = 5;
  private static final String OVERRIDE = "-Ddb.restore.allowHistoryMismatch=true";

  private SchemaState() {}

  /**
   * Whether to rebuild the schema before loading: the target is empty.
   *
   * @param fromSchema the rebuild would use the archive's schema entry, which needs no migrations
   */
  static boolean needsRebuild(
      Connection connection,
      ArchiveHeader header,
      RestoreConfig config,
      boolean fromSchema,
      Logger log)
      throws SQLException {
    HistoryTable history = new HistoryTable(config.historySchema(), config.historyTable());
    String archived = header.history().currentVersion();
    List<AppliedMigration> rows = history.read(connection);
    String inArchive = archived == null ? "no migration" : "version " + archived;
    if (rows.isEmpty()) {
      List<String> tables =
          TargetCatalog.tablesIn(
              connection, header.schemas(), config.historySchema(), config.historyTable());
      if (tables.isEmpty()) {
        if (archived == null && !fromSchema) {
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
      String unknown =
          "The target database holds tables ("
              + list(tables)
              + ") but no migration history in "
              + history.displayName()
              + ", so its schema version is unknown; the archive was taken at "
              + inArchive;
      if (config.allowHistoryMismatch()) {
        log.warn(
            "allowHistoryMismatch: loading anyway. "
                + unknown
                + ". Only the tables' columns are checked against the archive's.");
        return false;
      }
      throw new PgKeeperException(
          unknown
              + ". Restore into an empty database (the archive rebuilds its schema), or bring this"
              + " one to version "
              + archived
              + " with db:migrate (or record it with db:baseline) first. If you are sure the"
              + " archive's rows fit this schema, run again with "
              + OVERRIDE
              + ".",
          Setting.RESTORE_ALLOW_HISTORY_MISMATCH);
    }
    HistoryComparison comparison = HistoryComparison.of(header.history().migrations(), rows);
    comparison.notes().forEach(note -> log.info("The same migration history, although " + note));
    String current = currentVersion(rows);
    String versions =
        "The archive was taken at schema "
            + inArchive
            + ", but the target database is at "
            + (current == null ? "no version" : "version " + current)
            + " (per "
            + history.displayName()
            + ")";
    switch (comparison.relation()) {
      case SAME -> {
        return false;
      }
      case ARCHIVE_AHEAD ->
          throw new PgKeeperException(
              versions
                  + ", which has yet to apply "
                  + comparison.firstExtra().describe()
                  + ". Its rows fit only the schema they came from; nothing was changed. Migrate"
                  + " the target to version "
                  + archived
                  + " (db:migrate -Ddb.target="
                  + archived
                  + ") or restore into an empty database, which the archive rebuilds.");
      case ARCHIVE_BEHIND ->
          throw new PgKeeperException(
              versions
                  + ", which has also applied "
                  + comparison.firstExtra().describe()
                  + ". Its rows fit only the schema they came from; nothing was changed. Roll"
                  + " the target back to version "
                  + archived
                  + " (db:rollback) or restore into an empty database, which the archive"
                  + " rebuilds.");
      default -> {
        String difference =
            "The archive's migration history differs from the target's ("
                + history.displayName()
                + "): "
                + comparison.firstDifference()
                + ".";
        if (config.allowHistoryMismatch()) {
          log.warn(
              "allowHistoryMismatch: loading although "
                  + Character.toLowerCase(difference.charAt(0))
                  + difference.substring(1)
                  + comparison.likelyCause()
                  + " Differences: "
                  + comparison.onlyOnOneSide()
                  + ". The target keeps its own history; only the tables' columns are checked"
                  + " against the archive's.");
          return false;
        }
        throw new PgKeeperException(
            difference
                + comparison.likelyCause()
                + " "
                + (archived != null && archived.equals(current)
                    ? "Both are at version " + archived + ", but the"
                    : "The")
                + " archive's rows need not fit this schema; nothing was changed. Restore it into"
                + " an empty database, where the archive rebuilds its schema, or, if you are"
                + " sure its rows fit this schema (a deliberate restore of another project's"
                + " archive), run again with "
                + OVERRIDE
                + ".",
            Setting.RESTORE_ALLOW_HISTORY_MISMATCH);
      }
    }
  }

  /** The newest applied version in installed order, as the archive's header counts it. */
  private static String currentVersion(List<AppliedMigration> rows) {
    String current = null;
    for (AppliedMigration row : rows) {
      if (row.success()) {
        current = row.version().toString();
      }
    }
    return current;
  }

  private static String list(List<String> tables) {
    return String.join(", ", tables.subList(0, Math.min(LISTED_TABLES, tables.size())))
        + (tables.size() > LISTED_TABLES
            ? " and " + (tables.size() - LISTED_TABLES) + " more"
            : "");
  }
}
