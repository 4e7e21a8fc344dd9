package io.github.pgkeeper.core.restore;

import static io.github.pgkeeper.core.restore.Restore.ROLLED_BACK;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.restore.TargetCatalog.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The checks a restore makes on the target's tables before it empties them, each on what is locked:
 * the tables are locked first and only then found again and checked (they exist, with the archive's
 * columns); tables that hold rows are refused unless {@code clean}; tables outside the restore that
 * reference one it empties are locked before their rows are counted.
 */
final class TableChecks {
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String UNDEFINED_TABLE = "42P01";

  private final Connection connection;
  private final RestoreConfig config;
  private final List<TableInfo> selected;
  private final boolean rebuilt;
  private final Consumer<String> step;
  private final Logger log;

  /**
   * @param rebuilt whether the restore has just rebuilt the schema from the archive's migrations
   * @param step told what is being done, for the message of a failure
   */
  TableChecks(
      Connection connection,
      RestoreConfig config,
      List<TableInfo> selected,
      boolean rebuilt,
      Consumer<String> step,
      Logger log) {
    this.connection = connection;
    this.config = config;
    this.selected = selected;
    this.rebuilt = rebuilt;
    this.step = step;
    this.log = log;
  }

  /** The selected tables as the target has them; refuses when one is missing. */
  private List<Target> targets() throws SQLException {
    Map<TableInfo, Target> found = TargetCatalog.find(connection, selected);
    List<String> missing =
        selected.stream().filter(t -> !found.containsKey(t)).map(TableInfo::displayName).toList();
    if (!missing.isEmpty()) {
      throw new PgKeeperException(
          "The target database has no table "
              + String.join(", ", missing)
              + (rebuilt
                  ? ", which the archive holds but its migrations do not create."
                  : config.allowHistoryMismatch()
                      ? ", which the archive holds."
                      : ", which the archive holds, although its migration history is the"
                          + " archive's.")
              + " Restore only the tables it has with <tables>, or fix its schema."
              + ROLLED_BACK,
          Setting.RESTORE_TABLES);
    }
    return List.copyOf(found.values());
  }

  /** Refuses when a table lacks a column the archive has rows for. */
  private void checkColumns(List<Target> targets) throws SQLException {
    List<String> columns = new ArrayList<>();
    for (Target target : targets) {
      if (target.table().dataIncluded()) {
        for (String column : TargetCatalog.missingColumns(connection, target)) {
          columns.add(target.table().displayName() + "." + column);
        }
      }
    }
    if (!columns.isEmpty()) {
      throw new PgKeeperException(
          "The target's tables lack column(s) the archive has rows for: "
              + String.join(", ", columns)
              + ". Its schema differs from the one the backup was taken from."
              + ROLLED_BACK);
    }
  }

  /**
   * The targets, locked, as they are once locked. Nothing is checked before the lock, since
   * anything may change until it is granted: LOCK TABLE locks whatever table holds the name by
   * then, so a table dropped and created anew while the restore waited is found again as the new
   * one, and its columns (which an ALTER may also have changed meanwhile) are checked only now.
   */
  List<Target> lockedTargets() throws SQLException {
    List<Target> found = targets();
    lock(found.stream().map(t -> t.table().qualifiedName()).toList(), "the tables to restore");
    step.accept("checking the target's tables, locked");
    List<Target> locked = targets();
    Map<TableInfo, Long> before = new HashMap<>();
    found.forEach(t -> before.put(t.table(), t.oid()));
    List<String> replaced =
        locked.stream()
            .filter(t -> !Long.valueOf(t.oid()).equals(before.get(t.table())))
            .map(t -> t.table().displayName())
            .toList();
    if (!replaced.isEmpty()) {
      log.info(
          "Dropped and created again while the restore waited for its lock: "
              + String.join(", ", replaced)
              + ". Checked as the tables now are.");
    }
    checkColumns(locked);
    return locked;
  }

  private void lock(List<String> tables, String what) throws SQLException {
    step.accept("locking " + what);
    String list = String.join(", ", tables);
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOCK TABLE " + list + " IN ACCESS EXCLUSIVE MODE");
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        throw new PgKeeperException(
            "A table was dropped while the restore waited to lock "
                + what
                + " ("
                + e.getMessage()
                + "). Run the restore again once whatever changes the schema is done."
                + ROLLED_BACK,
            null,
            e);
      }
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw new PgKeeperException(
            "Other sessions kept "
                + what
                + " locked for "
                + config.lockTimeout()
                + " ("
                + e.getMessage()
                + "). Stop the application using the database, then run the restore again, or"
                + " wait longer with lockTimeout."
                + ROLLED_BACK,
            Setting.LOCK_TIMEOUT,
            e);
      }
      throw e;
    }
  }

  void refuseRows(List<Target> targets) throws SQLException {
    List<Target> nonEmpty = TargetCatalog.nonEmpty(connection, targets);
    if (nonEmpty.isEmpty()) {
      return;
    }
    if (config.clean()) {
      log.info(
          "clean: emptying "
              + nonEmpty.size()
              + " table(s) that hold rows, inside the restore's transaction: "
              + nonEmpty.stream()
                  .map(t -> t.table().displayName())
                  .collect(Collectors.joining(", ")));
      return;
    }
    long total = 0;
    List<String> counts = new ArrayList<>();
    for (Target target : nonEmpty) {
      long count = TargetCatalog.count(connection, target);
      total += count;
      counts.add(String.format(Locale.ROOT, "%s (%,d)", target.table().displayName(), count));
    }
    throw new PgKeeperException(
        String.format(
            Locale.ROOT,
            "The target database already holds %,d row(s) in %d table(s) the archive would"
                + " replace: %s. Nothing was changed. To replace them with the archive's rows,"
                + " run again with -Ddb.restore.clean=true; the tables are then emptied inside"
                + " the restore's transaction.",
            total,
            nonEmpty.size(),
            String.join(", ", counts)),
        Setting.RESTORE_CLEAN);
  }

  /** The tables outside the restore emptied along with it, and their row-level security. */
  record Outside(List<String> emptiedAlong, RowSecurity rowSecurity) {}

  /**
   * Refuses when a table outside the restore holds rows that reference a table it empties: the
   * restore never cascades into them. Empty ones (such as a table the rebuilt schema has but the
   * archive excluded) are emptied along, which changes nothing in them. They are locked before they
   * are looked at: a row written after the check would be emptied along.
   */
  Outside refuseOutsideReferences(Set<Long> oids) throws SQLException {
    List<TargetCatalog.OutsideReference> outside =
        TargetCatalog.referencesFromOutside(connection, oids);
    List<String> tables =
        outside.stream().map(TargetCatalog.OutsideReference::table).distinct().toList();
    if (tables.isEmpty()) {
      return new Outside(tables, RowSecurity.none(log));
    }
    lock(tables, "the tables that reference them");
    RowSecurity rowSecurity =
        RowSecurity.prepare(
            connection,
            outside.stream().map(TargetCatalog.OutsideReference::oid).distinct().toList(),
            false,
            log);
    List<String> holdingRows = new ArrayList<>();
    for (TargetCatalog.OutsideReference reference : outside) {
      if (TargetCatalog.holdsRows(connection, reference.table())) {
        holdingRows.add(reference.description());
      }
    }
    if (!holdingRows.isEmpty()) {
      throw new PgKeeperException(
          "These tables are not part of the restore but hold rows with foreign keys into tables"
              + " it empties: "
              + String.join("; ", holdingRows)
              + ". A restore never cascades into tables it does not restore. Include them in"
              + " <tables> (or restore the whole archive), or empty them first."
              + ROLLED_BACK,
          Setting.RESTORE_TABLES);
    }
    return new Outside(tables, rowSecurity);
  }
}
