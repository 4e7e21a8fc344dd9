package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the history table in line with the files after an intended change, so that migrate runs
 * again:
 *
 * <ul>
 *   <li>an applied migration whose file changed gets the file's checksum, description and script
 *       name; one whose file was only renamed gets the new name;
 *   <li>failed entries are removed, so migrate runs their migration again from its first statement.
 *       A migration that failed part-way without a transaction left its first statements applied:
 *       that is reported loudly, since they have to be checked and undone by hand;
 *   <li>applied migrations whose file is missing are left as they are, and listed.
 * </ul>
 *
 * It holds the migration lock and makes all changes in one transaction.
 */
public final class Repair {
  private static final int CHECKSUM_PREVIEW = 8;

  private final MigrationConfig config;
  private final Logger log;
  private final HistoryTable history;

  public Repair(MigrationConfig config, Logger log) {
    this.config = config;
    this.log = log;
    this.history = HistoryTable.of(config);
  }

  public RepairResult repair() {
    List<MigrationFile> files = config.scan(log).requireUniqueVersions();
    try (MigrationLock lock =
            MigrationLock.acquire(config.connection(), history, config.timeouts().lockWait(), log);
        Connection connection = Connections.open(config.connection())) {
      UnfinishedRestore.refuse(connection, history);
      connection.setAutoCommit(false);
      if (!history.exists(connection)) {
        log.info("The history table " + history.displayName() + " does not exist yet.");
        log.info("Nothing to repair.");
        return new RepairResult(List.of(), List.of(), List.of());
      }
      List<AppliedMigration> rows = history.read(connection);
      StatusReport report = StatusReport.compare(files, rows, config.order());

      List<MigrationStatus> realigned = new ArrayList<>();
      for (MigrationStatus status : report.migrations()) {
        AppliedMigration applied = status.applied();
        MigrationFile file = status.file();
        if (file != null && applied != null && applied.success() && !matches(applied, file)) {
          history.realign(connection, applied.rank(), file);
          realigned.add(status);
        }
      }
      List<AppliedMigration> removed = rows.stream().filter(row -> !row.success()).toList();
      history.delete(connection, removed);
      connection.commit();

      realigned.forEach(this::reportRealigned);
      Map<Version, MigrationFile> byVersion = new HashMap<>();
      files.forEach(f -> byVersion.put(f.version(), f));
      removed.forEach(row -> reportRemoved(row, byVersion.get(row.version())));
      List<MigrationStatus> missing = report.inState(MigrationState.MISSING_FILE);
      missing.forEach(this::reportMissing);

      RepairResult result = new RepairResult(realigned, removed, missing);
      if (result.changed()) {
        log.info(
            "Repaired "
                + history.displayName()
                + ": re-recorded "
                + realigned.size()
                + " applied migration(s), removed "
                + removed.size()
                + " failed entry(ies).");
      } else {
        log.info("Nothing to repair.");
      }
      return result;
    } catch (SQLException e) {
      throw MigrationErrors.database("repairing " + history.displayName(), config, e);
    }
  }

  private static boolean matches(AppliedMigration applied, MigrationFile file) {
    return applied.checksum().equals(file.checksum())
        && applied.description().equals(file.description())
        && applied.script().equals(file.script());
  }

  private void reportRealigned(MigrationStatus status) {
    AppliedMigration before = status.applied();
    MigrationFile file = status.file();
    boolean renamed = !before.script().equals(file.script());
    if (before.checksum().equals(file.checksum())) {
      log.info(
          "Re-recorded the name of "
              + file.version()
              + ": "
              + (renamed
                  ? before.script() + " -> " + file.script()
                  : "'" + before.description() + "' -> '" + file.description() + "'"));
      return;
    }
    log.info(
        "Re-recorded checksum of "
            + file.version()
            + " "
            + file.displayPath()
            + ": "
            + preview(before.checksum())
            + " -> "
            + preview(file.checksum())
            + (renamed ? " (recorded as " + before.script() + " before)" : ""));
  }

  private void reportRemoved(AppliedMigration row, MigrationFile file) {
    String name = row.version() + " " + (file != null ? file.displayPath() : row.script());
    if (!row.partiallyApplied()) {
      log.info(
          "Removed failed entry of "
              + name
              + " (it failed at "
              + row.installedAt()
              + " and left nothing applied).");
      return;
    }
    int applied = row.statementsApplied();
    String statements = applied == 1 ? "statement 1" : "statements 1 to " + applied;
    log.warn(
        "Removed failed entry of "
            + name
            + ", which ran without a transaction: "
            + statements
            + (row.statementCount() == null ? "" : " of " + row.statementCount())
            + " had run when it failed at "
            + row.installedAt()
            + " (statement "
            + (applied + 1)
            + " too, if that run was killed), and nothing undid them. CHECK THE DATABASE: undo"
            + " the effects of "
            + statements
            + " by hand before the next migrate, which runs "
            + row.script()
            + " again from its first statement.");
  }

  private void reportMissing(MigrationStatus status) {
    log.warn(
        "Applied migration "
            + status.version()
            + " ("
            + status.applied().script()
            + ") has no file in the locations; left as it is (applied, file missing). Migrate"
            + " refuses to run while it is missing, unless validateOnMigrate is turned off:"
            + " restore the file if it was removed by mistake.");
  }

  private static String preview(String checksum) {
    return checksum.length() <= CHECKSUM_PREVIEW
        ? checksum
        : checksum.substring(0, CHECKSUM_PREVIEW) + "...";
  }
}
