package io.github.pgkeeper.core.restore;

import static io.github.pgkeeper.core.restore.Restore.ROLLED_BACK;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.MaterializedViewInfo;
import io.github.pgkeeper.core.archive.SequenceInfo;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.MigrationLock;
import io.github.pgkeeper.core.restore.RestoreMarker.Created;
import io.github.pgkeeper.core.restore.TargetCatalog.Target;
import io.github.pgkeeper.core.schema.ObjectKey;
import io.github.pgkeeper.core.schema.ObjectKind;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaObject;
import io.github.pgkeeper.core.schema.Section;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * A restore into an empty database whose schema takes more locks than one transaction may hold (see
 * {@link LockBudget}), in several transactions of at most half that budget each, as pg_restore
 * without {@code --single-transaction} does, but still leaving nothing half-done:
 *
 * <ol>
 *   <li>a {@link RestoreMarker} is committed first, saying what is restored;
 *   <li>the roles are checked (and created, with createRoles);
 *   <li>the pre-data objects in slices, each slice's tables loaded in the transaction that created
 *       them (so {@code COPY … FREEZE} needs no TRUNCATE); partitioned tables after all slices;
 *   <li>the post-data objects in slices, materialized views refreshed, sequences set;
 *   <li>last, one transaction records the migration history and drops the marker: until then
 *       db:migrate finds no history in a half-restored database.
 * </ol>
 *
 * Every transaction lists what it created in the marker, committed with it. A failure removes all
 * of it again (in slices too), and a run killed on the way leaves the marker for the next restore,
 * which removes it first.
 */
final class StagedRestore {
  private final RestoreConfig config;
  private final ArchiveReader reader;
  private final ArchiveHeader header;
  private final ArchivedSchema schema;
  private final List<TableInfo> selected;
  private final LockBudget budget;
  private final Logger log;
  private final List<Target> loaded = new ArrayList<>();
  private boolean binary = true;
  private String step = "starting";
  private TableInfo loading;
  private TableLoader loader;
  private String sessionRowSecurity;
  private int serverMajor;
  private long rows;
  private long rawBytes;

  StagedRestore(
      RestoreConfig config,
      ArchiveReader reader,
      ArchivedSchema schema,
      List<TableInfo> selected,
      LockBudget budget,
      Logger log) {
    this.config = config;
    this.reader = reader;
    this.header = reader.header();
    this.schema = schema;
    this.selected = selected;
    this.budget = budget;
    this.log = log;
  }

  /** Restores, or removes what it created and throws. */
  RestoreResult run(MigrationLock lock, String plan, long start) {
    int perTransaction = budget.perTransaction();
    try (Connection connection = Connections.open(config.connection())) {
      lock.showWorkIn(connection);
      connection.setAutoCommit(false);
      serverMajor = connection.getMetaData().getDatabaseMajorVersion();
      loader = new TableLoader(connection, reader, log);
      RestoreMarker marker = RestoreMarker.create(connection, config, plan);
      try {
        stages(connection, marker, perTransaction);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw removeAfter(explain(e), marker, perTransaction);
      }
      RestoreResult result =
          new RestoreResult(
              loaded.stream().map(t -> t.table().displayName()).toList(),
              rows,
              rawBytes,
              RestoreConfig.SchemaSource.ARCHIVE,
              header.history().currentVersion(),
              Duration.ofNanos(System.nanoTime() - start));
      if (config.analyze()) {
        Finishing.analyze(connection, loaded, log);
      }
      return result;
    } catch (SQLException e) {
      throw new PgKeeperException(
          "The restore failed: " + ConnectionConfig.mask(e.getMessage()), null, e);
    }
  }

  private void stages(Connection connection, RestoreMarker marker, int perTransaction)
      throws SQLException {
    SchemaModel model = schema.model();
    for (String warning : model.warnings()) {
      log.warn("The archive's schema does not hold, so the restore cannot recreate: " + warning);
    }
    begin(connection);
    step = "checking the roles the archive's schema names";
    List<String> roles = SchemaRoles.prepare(connection, model, config, log);
    marker.record(connection, roles.stream().map(r -> new Created("role", r, null, 0)).toList());
    schema.makeRoomForHistoryTable(connection, config.historySchema(), config.historyTable(), log);
    connection.commit();

    Map<String, Integer> dropLocks = dropLocks(model);
    List<TableInfo> pending = new ArrayList<>();
    List<TableInfo> partitioned = new ArrayList<>();
    for (TableInfo table : selected) {
      if (table.dataIncluded()) {
        (TableInfo.KIND_PARTITIONED.equals(table.kind()) ? partitioned : pending).add(table);
      }
    }
    List<List<SchemaObject>> pre =
        slices(model.objects(Section.PRE_DATA), LockNeed::afterward, perTransaction);
    for (int i = 0; i < pre.size(); i++) {
      List<SchemaObject> slice = pre.get(i);
      String what =
          String.format(
              Locale.ROOT,
              "recreating the archive's schema (pre-data, stage %d of %d) and loading its tables",
              i + 1,
              pre.size());
      repeatableForText(
          connection,
          () -> {
            step = what;
            create(connection, marker, slice, Section.PRE_DATA, dropLocks);
            // The tables this slice created, loaded in the transaction that created them.
            Map<TableInfo, Target> created = TargetCatalog.find(connection, pending);
            List<TableInfo> here = pending.stream().filter(created::containsKey).toList();
            List<Target> targets = lockedTargets(connection, here);
            load(targets);
            // Not removeAll(here): with a list argument it compares every pair, and thousands
            // of tables made that the restore's largest cost on the client.
            pending.removeIf(created::containsKey);
          });
    }
    for (List<TableInfo> slice :
        slices(partitioned, t -> 3 * (1 + t.partitions().size()), perTransaction)) {
      repeatableForText(connection, () -> load(lockedTargets(connection, slice)));
    }

    List<List<SchemaObject>> post =
        slices(model.objects(Section.POST_DATA), LockNeed::afterward, perTransaction);
    for (int i = 0; i < post.size(); i++) {
      List<SchemaObject> slice = post.get(i);
      begin(connection);
      step =
          String.format(
              Locale.ROOT,
              "recreating the archive's post-data objects (keys, indexes, triggers, policies,"
                  + " grants), stage %d of %d",
              i + 1,
              post.size());
      create(connection, marker, slice, Section.POST_DATA, dropLocks);
      connection.commit();
    }

    List<MaterializedViewInfo> views =
        header.materializedViews().stream().filter(MaterializedViewInfo::populated).toList();
    for (List<MaterializedViewInfo> slice : slices(views, v -> 6, perTransaction)) {
      begin(connection);
      step = "refreshing materialized views";
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT set_config('row_security', ?, true)")) {
        statement.setString(1, sessionRowSecurity);
        statement.execute();
      }
      Finishing.refreshViews(connection, slice, log);
      connection.commit();
    }
    List<SequenceInfo> sequences =
        Finishing.sequencesFor(header, selected, !config.tables().isEmpty());
    for (List<SequenceInfo> slice : slices(sequences, s -> 1, perTransaction)) {
      begin(connection);
      step = "setting sequences";
      Finishing.setSequences(connection, slice, log);
      connection.commit();
    }

    // Last: the history rows and the marker's end commit together.
    begin(connection);
    step = "recording the archive's migration history";
    ArchivedMigrations.recordHistory(
        connection, new HistoryTable(config.historySchema(), config.historyTable()), header);
    marker.finish(connection);
    step = "committing";
    connection.commit();
  }

  /** The settings of each transaction. */
  private void begin(Connection connection) throws SQLException {
    RestoreSession.transactionSettings(connection, config, serverMajor);
    schema.prepareSession(connection);
    sessionRowSecurity = RestoreSession.loadSettings(connection, config);
  }

  private interface Work {
    void run() throws SQLException;
  }

  /**
   * One transaction: begun, done and committed; when binary COPY meets text it cannot encode,
   * rolled back and done again with every table loaded as COPY text.
   */
  private void repeatableForText(Connection connection, Work work) throws SQLException {
    List<Target> before = List.copyOf(loaded);
    long rowsBefore = rows;
    long bytesBefore = rawBytes;
    try {
      begin(connection);
      work.run();
      connection.commit();
    } catch (BinaryCopyStream.Unconvertible e) {
      rollbackQuietly(connection);
      if (!binary) {
        throw e;
      }
      log.warn(
          "Binary COPY cannot encode "
              + e.getMessage()
              + ". This stage was rolled back; doing it again, with every table from now on loaded"
              + " as COPY text.");
      binary = false;
      loaded.retainAll(before);
      rows = rowsBefore;
      rawBytes = bytesBefore;
      begin(connection);
      work.run();
      connection.commit();
    }
  }

  private List<Target> lockedTargets(Connection connection, List<TableInfo> tables)
      throws SQLException {
    if (tables.isEmpty()) {
      return List.of();
    }
    return new TableChecks(
            connection,
            config,
            tables,
            RestoreConfig.SchemaSource.ARCHIVE,
            true,
            s -> step = s,
            log)
        .lockedTargets();
  }

  private void load(List<Target> targets) throws SQLException {
    TableLoader.Loaded done =
        loader.loadAll(
            targets,
            binary,
            table -> {
              loading = table;
              if (table != null) {
                step = "loading " + table.displayName();
              }
            });
    rows += done.rows();
    rawBytes += done.rawBytes();
    loaded.addAll(done.targets());
  }

  /**
   * Creates a slice of the archive's schema and lists in the marker, in the same transaction, what
   * it created: what the target had already (a schema such as {@code public}, an extension, a
   * platform's publication) is used, not created, and so never removed.
   */
  private void create(
      Connection connection,
      RestoreMarker marker,
      List<SchemaObject> slice,
      Section section,
      Map<String, Integer> dropLocks)
      throws SQLException {
    Set<ObjectKey> existing = existing(connection, slice);
    ArchivedSchema part =
        new ArchivedSchema(
            new SchemaModel(slice, List.of(), schema.model().roles()), config.privileges());
    if (section == Section.PRE_DATA) {
      part.createPreData(connection, log);
    } else {
      part.createPostData(connection, log);
    }
    List<Created> created = new ArrayList<>();
    for (SchemaObject object : slice) {
      String undo = RestoreMarker.undo(object);
      if (undo != null && !existing.contains(object.key())) {
        created.add(
            new Created(
                object.kind().label().toLowerCase(Locale.ROOT),
                object.name(),
                undo,
                dropLocks.getOrDefault(object.name(), LockNeed.creating(object))));
      }
    }
    marker.record(connection, created);
  }

  /** The objects of a slice that may exist before a restore creates them (CREATE … skipped). */
  private static Set<ObjectKey> existing(Connection connection, List<SchemaObject> slice)
      throws SQLException {
    Set<ObjectKey> existing = new HashSet<>();
    for (SchemaObject object : slice) {
      String sql =
          switch (object.kind()) {
            case SCHEMA -> "SELECT to_regnamespace(?) IS NOT NULL";
            case EXTENSION ->
                "SELECT EXISTS (SELECT FROM pg_extension WHERE quote_ident(extname) = ?)";
            case PUBLICATION ->
                "SELECT EXISTS (SELECT FROM pg_publication WHERE quote_ident(pubname) = ?)";
            default -> null;
          };
      if (sql == null) {
        continue;
      }
      try (PreparedStatement query = connection.prepareStatement(sql)) {
        query.setString(1, object.name());
        try (ResultSet row = query.executeQuery()) {
          row.next();
          if (row.getBoolean(1)) {
            existing.add(object.key());
          }
        }
      }
    }
    return existing;
  }

  /**
   * The entries dropping a table takes: its own three, and one for each index, key or foreign key
   * on it (dropping a table with a foreign key also locks the table it references).
   */
  private static Map<String, Integer> dropLocks(SchemaModel model) {
    Map<String, Integer> locks = new HashMap<>();
    for (SchemaObject object : model.objects()) {
      if (object.kind() == ObjectKind.TABLE) {
        locks.merge(object.name(), LockNeed.creating(object), Integer::sum);
      } else if (object.kind() == ObjectKind.INDEX
          || object.kind() == ObjectKind.CONSTRAINT
          || object.kind() == ObjectKind.FOREIGN_KEY) {
        for (ObjectKey key : object.dependsOn()) {
          if (key.kind() == ObjectKind.TABLE) {
            locks.merge(key.name(), 1, Integer::sum);
          }
        }
      }
    }
    return locks;
  }

  /** Consecutive slices of {@code items}, each taking at most {@code limit} locks (or one item). */
  static <T> List<List<T>> slices(List<T> items, ToIntFunction<T> locks, int limit) {
    List<List<T>> slices = new ArrayList<>();
    List<T> current = new ArrayList<>();
    int taken = 0;
    for (T item : items) {
      int need = locks.applyAsInt(item);
      if (!current.isEmpty() && taken + need > limit) {
        slices.add(current);
        current = new ArrayList<>();
        taken = 0;
      }
      current.add(item);
      taken += need;
    }
    if (!current.isEmpty()) {
      slices.add(current);
    }
    return slices;
  }

  /** The error to report for a failed stage; the stage is rolled back already. */
  private PgKeeperException explain(Exception e) {
    if (e instanceof PgKeeperException known) {
      return known;
    }
    if (!(e instanceof SQLException sql)) {
      return new PgKeeperException("The restore failed " + step + ": " + e, null, e);
    }
    if (loading != null) {
      // A damaged part may decode into text the server refuses before its checksum is reached.
      try {
        loader.checkParts(loading);
      } catch (ArchiveCorruptException corrupt) {
        return corrupt;
      }
    }
    return new PgKeeperException(
        "The restore failed "
            + step
            + ": "
            + ConnectionConfig.mask(sql.getMessage())
            + " [SQLSTATE "
            + sql.getSQLState()
            + "].",
        null,
        sql);
  }

  /** Removes what the staged restore created, and says so in the failure's message. */
  private PgKeeperException removeAfter(
      PgKeeperException failure, RestoreMarker marker, int perTransaction) {
    String message = failure.getMessage().replace(ROLLED_BACK, "");
    String removed;
    try {
      removed = marker.cleanUp(config.connection(), perTransaction, log);
    } catch (PgKeeperException cleanup) {
      return new PgKeeperException(message + " " + cleanup.getMessage(), null, failure);
    }
    String after =
        message
            + " The staged restore removed what it had created ("
            + removed
            + "): the database is as it was before.";
    if (failure instanceof ArchiveCorruptException) {
      return new ArchiveCorruptException(after, failure);
    }
    return new PgKeeperException(after, failure.setting().orElse(null), failure);
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is gone: the server rolled the transaction back itself.
    }
  }
}
