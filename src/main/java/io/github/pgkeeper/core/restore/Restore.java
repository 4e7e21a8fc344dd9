package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.Manifest;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.archive.TableTotals;
import io.github.pgkeeper.core.backup.TableGlobs;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.MigrationLock;
import io.github.pgkeeper.core.restore.TargetCatalog.Target;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * db:restore: loads an archive written by db:backup into a database, in one transaction, so that
 * any failure (a damaged part, a bad row, a broken constraint, a killed process) leaves the
 * database exactly as it was.
 *
 * <p>In order: the archive's layout, manifest and header are checked, and its schema entry read;
 * the migration lock is taken, so that no db:migrate, other db:restore or the like changes the
 * target meanwhile; the target's migration history is compared with the archive's (an empty target
 * is rebuilt from the archive's schema: roles checked first, then its pre-data objects and history
 * rows; or from its migrations); the tables are locked, then found again (one dropped and created
 * anew while the restore waited is checked as it now is) and every difference that matters for the
 * rows refused at once; row-level security is made not to apply, or the restore refused; tables
 * that hold rows are refused unless {@code clean}; foreign keys, keys, indexes and user triggers of
 * the restored tables are taken out of the way; the tables are emptied with TRUNCATE (except those
 * this transaction created and left empty) and loaded with {@code COPY … FREEZE} in foreign-key
 * order (as binary COPY where {@link BinaryColumns} allows, else as the archive's text), each data
 * part checked as it streams; indexes and constraints are rebuilt and validated, or the archive
 * schema's post-data objects created; materialized views are refreshed, deferred constraints
 * checked, and sequences set last (setval is not undone by a rollback); then one commit, and
 * ANALYZE.
 */
public final class Restore {
  static final String ROLLED_BACK =
      " The restore was rolled back: the database is as it was before.";

  private final RestoreConfig config;
  private final Logger log;
  private final double lockFactor;

  public Restore(RestoreConfig config, Logger log) {
    this(config, log, LockBudget.FACTOR);
  }

  /**
   * @param lockFactor how far the server's lock table is counted on to grow beyond its nominal
   *     size; a test sets more than it does to make the restore run out of it
   */
  Restore(RestoreConfig config, Logger log, double lockFactor) {
    this.config = config;
    this.log = log;
    this.lockFactor = lockFactor;
  }

  public RestoreResult run() {
    long start = System.nanoTime();
    try (ArchiveReader reader = ArchiveReader.open(config.file())) {
      ArchiveVerifier.verifyStructure(reader);
      ArchiveHeader header = reader.header();
      List<TableInfo> selected = select(header);
      ArchivedSchema schema = archivedSchema(reader);
      log.info(
          String.format(
              Locale.ROOT,
              "Restoring %s (database %s, taken %s, schema version %s): %d of %d table(s), %s of"
                  + " COPY text, into %s",
              config.file(),
              header.database(),
              header.createdAt(),
              versionLabel(header),
              selected.size(),
              header.tables().size(),
              Sizes.megabytes(rawBytes(reader.manifest(), selected)),
              config.connection().maskedUrl()));
      RestoreResult result;
      // Held from before the first check to after the commit: what is compared stays true.
      try (MigrationLock lock = migrationLock()) {
        result = inBudget(lock, reader, schema, selected, start);
      }
      summarize(result, Duration.ofNanos(System.nanoTime() - start));
      return result;
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot read " + config.file() + ": " + e.getMessage(), Setting.ARCHIVE_FILE, e);
    }
  }

  /**
   * Counts the locks the restore needs against what the server allows one transaction ({@link
   * LockBudget}), after removing what an interrupted staged restore left, and restores: in one
   * transaction when it fits; into an empty database beyond it, in stages ({@link StagedRestore});
   * into a database with tables, in one transaction or not at all, since a staged load would leave
   * it half replaced.
   */
  private RestoreResult inBudget(
      MigrationLock lock,
      ArchiveReader reader,
      ArchivedSchema schema,
      List<TableInfo> selected,
      long start) {
    ArchiveHeader header = reader.header();
    LockBudget budget;
    boolean empty;
    int need;
    try (Connection probe = Connections.open(config.connection())) {
      budget = LockBudget.measure(probe, lockFactor);
      Optional<RestoreMarker> interrupted = RestoreMarker.find(probe, config);
      if (interrupted.isPresent()) {
        RestoreMarker marker = interrupted.get();
        log.warn(
            "Found "
                + marker.table()
                + ": a staged restore ("
                + marker.describe(probe)
                + ") did not finish. Removing what it created before restoring.");
        String removed = marker.cleanUp(config.connection(), budget.perTransaction(), log);
        log.warn("Removed what the interrupted staged restore had created: " + removed + ".");
      }
      empty = schema != null && SchemaState.needsRebuild(probe, header, config, true, Logger.NONE);
      need =
          empty
              ? LockNeed.emptyTarget(schema.model())
              : LockNeed.existingTarget(probe, selected, header);
    } catch (SQLException e) {
      throw new PgKeeperException(
          "Cannot count the locks the restore needs: " + ConnectionConfig.mask(e.getMessage()),
          null,
          e);
    }
    String numbers = budget.describe(need);
    if (empty && need > budget.available()) {
      log.info("Restoring in stages into the empty database: it needs " + numbers + ".");
      return staged(lock, reader, schema, selected, budget, numbers, start);
    }
    if (!empty && budget.clearlyExceeded(need)) {
      throw tooManyLocks(budget, need, "Nothing was changed.");
    }
    if (need > budget.available()) {
      log.warn(
          "Restoring in one transaction, which may run out of the server's lock table: it needs "
              + numbers
              + ". The target holds tables, so the restore stays atomic.");
    } else {
      log.info("Restoring in one transaction: it needs " + numbers + ".");
    }
    try {
      return atomic(lock, reader, schema, selected, start);
    } catch (PgKeeperException e) {
      if (!LockBudget.outOfLocks(e)) {
        throw e;
      }
      if (!empty) {
        throw tooManyLocks(budget, need, ROLLED_BACK.trim());
      }
      log.warn(
          "The server's lock table ran full (out of shared memory, SQLSTATE 53200) and the"
              + " transaction was rolled back: restoring in stages instead.");
      return staged(lock, reader, schema, selected, budget, numbers, start);
    }
  }

  /** One transaction; again with every table as COPY text when binary COPY cannot encode one. */
  private RestoreResult atomic(
      MigrationLock lock,
      ArchiveReader reader,
      ArchivedSchema schema,
      List<TableInfo> selected,
      long start) {
    try {
      return attempt(lock, reader, schema, selected, true, start);
    } catch (BinaryCopyStream.Unconvertible e) {
      log.warn(
          "Binary COPY cannot encode "
              + e.getMessage()
              + ". The transaction was rolled back; restoring again, with every table loaded"
              + " as COPY text.");
      return attempt(lock, reader, schema, selected, false, start);
    }
  }

  private RestoreResult staged(
      MigrationLock lock,
      ArchiveReader reader,
      ArchivedSchema schema,
      List<TableInfo> selected,
      LockBudget budget,
      String numbers,
      long start) {
    ArchiveHeader header = reader.header();
    String plan =
        String.format(
            Locale.ROOT,
            "%s (database %s, taken %s): %d object(s) of its schema, %d table(s) loaded, in"
                + " stages of at most %,d locks, since it needs %s",
            config.file(),
            header.database(),
            header.createdAt(),
            schema.model().objects().size(),
            selected.size(),
            budget.perTransaction(),
            numbers);
    log.info(
        String.format(
            Locale.ROOT,
            "Each stage takes at most %,d locks and commits. What they create is listed in the"
                + " table %s_restore of schema %s until the end; a failure removes it again, and"
                + " after a killed run the next db:restore removes it first.",
            budget.perTransaction(),
            config.historyTable(),
            config.historySchema()));
    return new StagedRestore(config, reader, schema, selected, budget, log).run(lock, plan, start);
  }

  /** A restore into a database with tables that needs more locks than the server has. */
  private static PgKeeperException tooManyLocks(LockBudget budget, int need, String outcome) {
    int value = budget.maxLocksFor(need);
    return new PgKeeperException(
        "The restore needs "
            + budget.describe(need)
            + ". The target holds tables, so it is restored in one transaction or not at all (a"
            + " staged restore would leave it half replaced if it failed). "
            + outcome
            + " Raise the server's lock table: max_locks_per_transaction = "
            + value
            + " in postgresql.conf (or ALTER SYSTEM SET max_locks_per_transaction = "
            + value
            + "), then restart the server and restore again; or restore into an empty database,"
            + " which is restored in stages.");
  }

  /**
   * The archive's schema entry, read and parsed before anything connects, when an empty target
   * would be rebuilt from it: the default for an archive that has one (format 2), unless {@code
   * schemaFrom} is {@code migrations}. Null otherwise.
   *
   * @throws ArchiveCorruptException when the entry is damaged or does not parse
   */
  private ArchivedSchema archivedSchema(ArchiveReader reader) {
    if (config.schemaFrom() != RestoreConfig.SchemaSource.ARCHIVE) {
      return null;
    }
    return reader.schemaModel().map(m -> new ArchivedSchema(m, config.privileges())).orElse(null);
  }

  /**
   * One restore transaction on its own connection: commits, or rolls back and throws.
   *
   * @param lock the migration lock, whose waiters are shown what this connection does
   * @param schema the archive's schema an empty target is rebuilt from, or null: its migrations
   * @param binary load the tables {@link BinaryColumns} allows as binary COPY
   */
  private RestoreResult attempt(
      MigrationLock lock,
      ArchiveReader reader,
      ArchivedSchema schema,
      List<TableInfo> selected,
      boolean binary,
      long start) {
    try (Connection connection = Connections.open(config.connection())) {
      lock.showWorkIn(connection);
      connection.setAutoCommit(false);
      Run run = new Run(connection, reader, schema, selected, binary);
      try {
        run.restore();
        run.step("committing");
        connection.commit();
      } catch (BinaryCopyStream.Unconvertible e) {
        rollbackQuietly(connection);
        throw e;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw run.explain(e);
      }
      RestoreResult result = run.result(Duration.ofNanos(System.nanoTime() - start));
      if (config.analyze()) {
        Finishing.analyze(connection, run.loadedTargets, log);
      }
      return result;
    } catch (SQLException e) {
      throw new PgKeeperException(
          "The restore failed: " + ConnectionConfig.mask(e.getMessage()), null, e);
    }
  }

  /**
   * The lock db:migrate, db:rollback, db:repair and db:baseline take for this history table, on a
   * connection of its own: while a restore holds it none of them runs, and a second restore waits.
   * Its session is named, so a waiting run says it is a restore that holds the lock.
   */
  private MigrationLock migrationLock() {
    Connection connection = Connections.open(config.connection());
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET application_name = '" + Connections.APPLICATION_NAME + " db:restore'");
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The connection is unusable anyway.
      }
      throw new PgKeeperException(
          "Cannot take the migration lock: " + ConnectionConfig.mask(e.getMessage()), null, e);
    }
    return MigrationLock.acquire(
        connection,
        new HistoryTable(config.historySchema(), config.historyTable()),
        config.lockWait(),
        log);
  }

  /** The archive's tables the {@code tables} globs select (all without globs), in load order. */
  private List<TableInfo> select(ArchiveHeader header) {
    TableGlobs globs = new TableGlobs(config.tables(), Setting.RESTORE_TABLES);
    if (globs.isEmpty()) {
      return header.loadOrder();
    }
    List<TableInfo> selected =
        header.loadOrder().stream().filter(t -> globs.matches(t.schema(), t.name())).toList();
    if (selected.isEmpty()) {
      throw new PgKeeperException(
          "No table of the archive matches "
              + String.join(", ", globs.globs())
              + ". It holds: "
              + header.tables().stream()
                  .map(TableInfo::displayName)
                  .collect(Collectors.joining(", "))
              + ".",
          Setting.RESTORE_TABLES);
    }
    return selected;
  }

  /** One restore on one connection: its steps, and what to say when one fails. */
  private final class Run {
    private final Connection connection;
    private final ArchiveReader reader;
    private final ArchiveHeader header;
    private final ArchivedSchema schema;
    private final List<TableInfo> selected;
    private final boolean binary;
    private final List<Target> loadedTargets = new ArrayList<>();
    private String step = "starting";
    private TableInfo loading;
    private RestoreConfig.SchemaSource rebuiltFrom;
    private long rows;
    private long rawBytes;
    private DeferredDdl ddl;
    private TableLoader loader;
    private RowSecurity rowSecurity;
    private RowSecurity outsideRowSecurity;
    private String sessionRowSecurity;

    Run(
        Connection connection,
        ArchiveReader reader,
        ArchivedSchema schema,
        List<TableInfo> selected,
        boolean binary) {
      this.connection = connection;
      this.binary = binary;
      this.reader = reader;
      this.schema = schema;
      this.header = reader.header();
      this.selected = selected;
    }

    void step(String what) {
      this.step = what;
    }

    void restore() throws SQLException {
      int serverMajor = connection.getMetaData().getDatabaseMajorVersion();
      step("preparing the session");
      RestoreSession.transactionSettings(connection, config, serverMajor);
      step("comparing the migration histories");
      HistoryTable history = new HistoryTable(config.historySchema(), config.historyTable());
      if (SchemaState.needsRebuild(connection, header, config, schema != null, log)) {
        SchemaRebuild rebuild =
            new SchemaRebuild(connection, header, config, history, this::step, log);
        if (schema != null) {
          rebuild.fromSchema(schema);
          rebuiltFrom = RestoreConfig.SchemaSource.ARCHIVE;
        } else {
          rebuild.fromMigrations(serverMajor);
          rebuiltFrom = RestoreConfig.SchemaSource.MIGRATIONS;
        }
      }
      sessionRowSecurity = RestoreSession.loadSettings(connection, config);
      TableChecks checks =
          new TableChecks(
              connection, config, selected, rebuiltFrom, header.hasSchema(), this::step, log);
      List<Target> targets = checks.lockedTargets();
      rowSecurity =
          RowSecurity.prepare(connection, targets.stream().map(Target::oid).toList(), true, log);
      if (rebuiltFrom == null) {
        checks.refuseRows(targets);
      }
      Set<Long> allOids = TargetCatalog.withPartitions(connection, targets);
      TableChecks.Outside outside = checks.refuseOutsideReferences(allOids);
      outsideRowSecurity = outside.rowSecurity();
      List<String> emptyOutside = outside.emptiedAlong();
      step("recording and dropping indexes and constraints");
      Set<Long> plainOwned = new HashSet<>();
      targets.stream()
          .filter(t -> !t.partitioned() && t.owned())
          .forEach(t -> plainOwned.add(t.oid()));
      // Partitions of a restored table are left alone: their indexes belong to the parent's.
      ddl = DeferredDdl.record(connection, allOids, plainOwned, config.replicaRole(), log);
      ddl.takeOutOfTheWay(connection);
      step("emptying the tables");
      truncate(TargetCatalog.toEmpty(connection, targets), emptyOutside);
      loader = new TableLoader(connection, reader, log);
      TableLoader.Loaded loaded =
          loader.loadAll(
              targets,
              binary,
              table -> {
                loading = table;
                if (table != null) {
                  step("loading " + table.displayName());
                }
              });
      rows += loaded.rows();
      rawBytes += loaded.rawBytes();
      loadedTargets.addAll(loaded.targets());
      step("rebuilding indexes and constraints");
      long started = System.nanoTime();
      try {
        ddl.putBack(connection);
      } catch (DeferredDdl.RebuildException e) {
        throw rebuildFailed(e);
      }
      if (ddl.rebuiltCount() > 0) {
        log.info(
            String.format(
                Locale.ROOT,
                "Rebuilt %s in %.1f s",
                ddl.summary(),
                (System.nanoTime() - started) / 1e9));
      }
      if (rebuiltFrom == RestoreConfig.SchemaSource.ARCHIVE) {
        step(
            "recreating the archive's post-data objects (keys, indexes, triggers, policies, grants)");
        schema.createPostData(connection, log);
      }
      rowSecurity.putBack(connection);
      outsideRowSecurity.putBack(connection);
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT set_config('row_security', ?, true)")) {
        // Materialized views are refreshed as the session would otherwise run.
        statement.setString(1, sessionRowSecurity);
        statement.execute();
      }
      step("refreshing materialized views");
      Finishing.refreshViews(connection, header, log);
      step("checking deferred constraints");
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET CONSTRAINTS ALL IMMEDIATE");
      }
      // Last before the commit: setval is not undone by a rollback, so nothing that can still fail
      // comes after it.
      step("setting sequences");
      Finishing.setSequences(connection, header, selected, !config.tables().isEmpty(), log);
    }

    /**
     * One TRUNCATE, no CASCADE: in this transaction, so COPY can FREEZE. Tables created empty in
     * this transaction need none ({@link TargetCatalog#toEmpty}); the empty tables outside the
     * restore that reference them are emptied only along with the tables they reference.
     */
    private void truncate(List<Target> targets, List<String> emptyOutside) throws SQLException {
      log.debug(
          "TRUNCATE of "
              + targets.size()
              + " of the "
              + selected.size()
              + " table(s): the others were created empty in this transaction");
      if (targets.isEmpty()) {
        return;
      }
      List<String> names = new ArrayList<>();
      targets.forEach(t -> names.add(t.table().qualifiedName()));
      names.addAll(emptyOutside);
      String list = String.join(", ", names);
      try (Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE " + list);
      }
    }

    private PgKeeperException rebuildFailed(DeferredDdl.RebuildException e) {
      SQLException cause = e.sqlCause();
      return new PgKeeperException(
          "The archive's rows do not fit "
              + (e.item == null ? "the restored tables" : e.item.label())
              + ": rebuilding it after the load failed with "
              + cause.getMessage()
              + " [SQLSTATE "
              + cause.getSQLState()
              + "]."
              + ROLLED_BACK,
          null,
          cause);
    }

    /** The error to report for a failed step; the transaction is rolled back already. */
    PgKeeperException explain(Exception e) {
      if (e instanceof ArchiveCorruptException corrupt) {
        return new ArchiveCorruptException(corrupt.getMessage() + ROLLED_BACK, corrupt);
      }
      if (e instanceof PgKeeperException known) {
        return known;
      }
      SQLException sql = (SQLException) e;
      if (loading != null && loader != null) {
        // A damaged part may decode into text the server refuses before its checksum is reached.
        try {
          loader.checkParts(loading);
        } catch (ArchiveCorruptException corrupt) {
          return new ArchiveCorruptException(corrupt.getMessage() + ROLLED_BACK, corrupt);
        }
      }
      return new PgKeeperException(
          "The restore failed "
              + step
              + ": "
              + ConnectionConfig.mask(sql.getMessage())
              + " [SQLSTATE "
              + sql.getSQLState()
              + "]."
              + ROLLED_BACK,
          null,
          sql);
    }

    RestoreResult result(Duration elapsed) {
      return new RestoreResult(
          loadedTargets.stream().map(t -> t.table().displayName()).toList(),
          rows,
          rawBytes,
          rebuiltFrom,
          header.history().currentVersion(),
          elapsed);
    }
  }

  private void summarize(RestoreResult result, Duration elapsed) {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    log.info(
        String.format(
            Locale.ROOT,
            "Restore complete: %d table(s), %,d rows, %s of COPY text in %.1f s (%.1f MB/s)%s,"
                + " schema at %s.",
            result.tables().size(),
            result.rows(),
            Sizes.megabytes(result.rawBytes()),
            seconds,
            result.rawBytes() / 1e6 / seconds,
            result.rebuiltFrom() == RestoreConfig.SchemaSource.ARCHIVE
                ? ", schema rebuilt from the archive's schema"
                : result.rebuiltFrom() == RestoreConfig.SchemaSource.MIGRATIONS
                    ? ", schema rebuilt from the archive's migrations"
                    : "",
            result.version() == null ? "no migration version" : "version " + result.version()));
  }

  private static String versionLabel(ArchiveHeader header) {
    String version = header.history().currentVersion();
    return version == null ? "none" : version;
  }

  private static long rawBytes(Manifest manifest, List<TableInfo> tables) {
    Map<String, TableTotals> totals = manifest.totalsById();
    return tables.stream()
        .mapToLong(t -> totals.containsKey(t.id()) ? totals.get(t.id()).rawBytes() : 0L)
        .sum();
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is gone: the server rolled the transaction back itself.
    }
  }
}
