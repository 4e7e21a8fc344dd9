package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.archive.MigrationHistory;
import io.github.pgkeeper.core.archive.MigrationRecord;
import io.github.pgkeeper.core.migration.AppliedMigration;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationScanner;
import io.github.pgkeeper.core.migration.UnfinishedRestore;
import io.github.pgkeeper.core.migration.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The migration history for the header: the history table's rows (read in the snapshot) and the
 * text of each applied script, taken from the migration locations.
 */
final class HistoryReader {
  private HistoryReader() {}

  static MigrationHistory read(Connection connection, BackupConfig config, Logger log)
      throws SQLException {
    HistoryTable table = new HistoryTable(config.historySchema(), config.historyTable());
    // A half-restored database is not what any archive held: a backup of it would not restore it.
    UnfinishedRestore.refuse(connection, table);
    boolean exists = table.exists(connection);
    List<AppliedMigration> rows = exists ? table.read(connection) : List.of();
    if (!exists) {
      log.info(
          "No migration history table "
              + table.displayName()
              + ": the archive records no migrations.");
    }
    Map<Version, MigrationFile> files = new HashMap<>();
    if (!rows.isEmpty()) {
      for (MigrationFile file :
          new MigrationScanner(config.baseDirectory(), log)
              .scan(config.locations(), config.recursive())
              .migrations()) {
        files.putIfAbsent(file.version(), file);
      }
    }
    List<MigrationRecord> records = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (AppliedMigration row : rows) {
      MigrationFile file = files.get(row.version());
      if (file == null) {
        missing.add(row.version().toString());
      } else if (!file.checksum().equals(row.checksum())) {
        changed.add(file.displayPath());
      }
      records.add(
          new MigrationRecord(
              row.rank(),
              row.version().toString(),
              row.description(),
              row.script(),
              row.checksum(),
              row.installedBy(),
              row.installedAt() == null ? null : row.installedAt().toInstant().toString(),
              row.executionTimeMillis(),
              row.success(),
              row.statementCount(),
              row.statementsApplied(),
              row.progressChecksum(),
              file == null ? null : file.content(),
              file == null ? null : file.checksum()));
    }
    if (!missing.isEmpty()) {
      log.warn(
          "The migration locations have no file for applied version(s) "
              + String.join(", ", missing)
              + ": the archive records their history rows but not their text, so a restore cannot"
              + " rebuild the schema from it alone.");
    }
    if (!changed.isEmpty()) {
      log.warn(
          "These migration files changed since they were applied; the archive holds their current"
              + " text, which differs from what ran: "
              + String.join(", ", changed));
    }
    return new MigrationHistory(config.historySchema(), config.historyTable(), exists, records);
  }
}
