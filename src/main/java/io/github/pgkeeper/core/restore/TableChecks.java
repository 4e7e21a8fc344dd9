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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The checks a restore makes on the target's tables before it empties them, each on what is locked:
 * the tables are locked first and only then found again and checked (they exist, and the archive's
 * rows fit them: {@link TableFit}, every difference in one message); tables that hold rows are
 * refused unless {@code clean}; tables outside the restore that reference one it empties are locked
 * before their rows are counted.
 */
final class TableChecks {
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String UNDEFINED_TABLE = "42P01";

  private final Connection connection;
  private final RestoreConfig config;
  private final List<TableInfo> selected;
  private final RestoreConfig.SchemaSource rebuiltFrom;
  private final boolean archiveHasSchema;
  private final Consumer<String> step;
  private final Logger log;

  /**
   * @param rebuiltFrom what the restore has just rebuilt the schema from, or null
   * @param archiveHasSchema whether the archive stores its schema (format 2)
   * @param step told what is being done, for the message of a failure
   */
  TableChecks(
      Connection connection,
      RestoreConfig config,
      List<TableInfo> selected,
      RestoreConfig.SchemaSource rebuiltFrom,
      boolean archiveHasSchema,
      Consumer<String> step,
      Logger log) {
    this.connection = connection;
    this.config = config;
    this.selected = selected;
    this.rebuiltFrom = rebuiltFrom;
    this.archiveHasSchema = archiveHasSchema;
    this.step = step;
    this.log = log;
  }

  /**
   * The targets, locked, as they are once locked. Nothing is checked before the lock, since
   * anything may change until it is granted: LOCK TABLE locks whatever table holds the name by
   * then, so a table dropped and created anew while the restore waited is found again as the new
   * one, and its columns (which an ALTER may also have changed meanwhile) are checked only now.
   * Then every difference that matters for the rows ({@link TableFit}) is refused at once, in one
   * message, before anything is written.
   */
  List<Target> lockedTargets() throws SQLException {
    Map<TableInfo, Target> found = TargetCatalog.find(connection, selected);
    lock(
        found.values().stream().map(t -> t.table().qualifiedName()).toList(),
        "the tables to restore");
    step.accept("checking the target's tables, locked");
    Map<TableInfo, Target> locked = TargetCatalog.find(connection, selected);
    List<String> appeared =
        locked.keySet().stream()
            .filter(t -> !found.containsKey(t))
            .map(TableInfo::qualifiedName)
            .toList();
    if (!appeared.isEmpty()) {
      // Created while the restore waited: locked too, then looked at again.
      lock(appeared, "the tables created meanwhile");
      locked = TargetCatalog.find(connection, selected);
    }
    List<String> replaced = new ArrayList<>();
    for (Target target : locked.values()) {
      Target before = found.get(target.table());
      if (before != null && before.oid() != target.oid()) {
        replaced.add(target.table().displayName());
      }
    }
    if (!replaced.isEmpty()) {
      log.info(
          "Dropped and created again while the restore waited for its lock: "
              + String.join(", ", replaced)
              + ". Checked as the tables now are.");
    }
    List<String> differences = TableFit.differences(connection, selected, locked);
    if (!differences.isEmpty()) {
      throw misfit(differences);
    }
    return List.copyOf(locked.values());
  }

  private PgKeeperException misfit(List<String> differences) {
    String why =
        rebuiltFrom == RestoreConfig.SchemaSource.MIGRATIONS
            ? "The schema the archive's migrations rebuild is not the one its rows were read from"
                + " (the source database had drifted from its migrations)."
                + (archiveHasSchema
                    ? " Rebuild from the archive's schema instead: -Ddb.restore.schemaFrom=archive."
                    : " This archive stores no schema (format 1); back up again with this version,"
                        + " whose archives do.")
            : rebuiltFrom == RestoreConfig.SchemaSource.ARCHIVE
                ? "The schema rebuilt from the archive does not fit its own rows."
                : config.allowHistoryMismatch()
                    ? "The target's migration history differs from the archive's"
                        + " (allowHistoryMismatch), and so does its schema."
                    : "The target has the archive's migration history, but not the schema its rows"
                        + " were read from (one of them drifted from its migrations).";
    StringBuilder message =
        new StringBuilder("The archive's rows do not fit the target's tables: ")
            .append(differences.size())
            .append(differences.size() == 1 ? " difference" : " differences");
    for (String difference : differences) {
      message.append(System.lineSeparator()).append("  - ").append(difference);
    }
    message
        .append(System.lineSeparator())
        .append(why)
        .append(
            " Restore into an empty database, which the archive's schema rebuilds, fix the"
                + " target's schema, or restore only the tables that fit with <tables>.")
        .append(ROLLED_BACK);
    return new PgKeeperException(message.toString(), Setting.RESTORE_TABLES);
  }

  private void lock(List<String> tables, String what) throws SQLException {
    if (tables.isEmpty()) {
      return;
    }
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
