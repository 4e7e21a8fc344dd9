package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.ColumnInfo;
import io.github.pgkeeper.core.archive.MaterializedViewInfo;
import io.github.pgkeeper.core.archive.SequenceInfo;
import io.github.pgkeeper.core.archive.TableInfo;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what to back up from the catalog, inside the backup's snapshot: the tables of the schemas
 * (plain, unlogged and partitioned; partitions are covered by their root, views skipped), their
 * columns and foreign keys, sequences and materialized views; applies the include and exclude globs
 * and leaves out the migration history table.
 */
final class CatalogReader {
  /**
   * The server's page size, read once per statement: current_setting() per row costs more than the
   * rest of the listing.
   */
  private static final String BLOCK_SIZE = "(SELECT current_setting('block_size')::int)";

  /** Rows from which a table without a size estimate is measured. */
  private static final int MEASURED_ROWS = 1000;

  /** Sequences whose state one statement reads. */
  private static final int SEQUENCES_PER_QUERY = 500;

  private final Connection connection;
  private final BackupConfig config;
  private final Logger log;

  /** The server's page size, as the listing with sizes read it. */
  private int pageSize = 8192;

  CatalogReader(Connection connection, BackupConfig config, Logger log) {
    this.connection = connection;
    this.config = config;
    this.log = log;
  }

  /** A table as the catalog lists it, before it gets its archive id. */
  private record Candidate(
      long oid,
      String schema,
      String name,
      boolean partitioned,
      boolean unlogged,
      long bytes,
      long heapBytes) {}

  Catalog read() throws SQLException {
    checkSchemas();
    List<Candidate> candidates = selectTables(false);
    Map<Long, List<ColumnInfo>> columns = columns(candidates);
    Map<Long, Set<Long>> parents = foreignKeyParents(candidates);
    Map<Long, List<String>> partitions = partitions(candidates);

    Map<Long, Candidate> byOid = new LinkedHashMap<>();
    candidates.forEach(c -> byOid.put(c.oid(), c));
    List<Long> order = LoadOrder.sort(new ArrayList<>(byOid.keySet()), parents);
    Map<Long, String> ids = new HashMap<>();
    Map<String, Long> oidOf = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      Candidate c = byOid.get(order.get(i));
      ids.put(c.oid(), ArchiveFormat.tableId(i + 1, c.schema(), c.name()));
      oidOf.put(ids.get(c.oid()), c.oid());
    }
    TableGlobs excludeData = new TableGlobs(config.excludeData(), Setting.BACKUP_EXCLUDE_DATA);
    List<TableInfo> tables = new ArrayList<>();
    for (Long oid : order) {
      Candidate c = byOid.get(oid);
      List<ColumnInfo> cols = columns.getOrDefault(oid, List.of());
      List<String> dependsOn =
          parents.getOrDefault(oid, Set.of()).stream()
              .filter(ids::containsKey)
              .map(ids::get)
              .sorted()
              .toList();
      tables.add(
          new TableInfo(
              ids.get(oid),
              c.schema(),
              c.name(),
              c.partitioned() ? TableInfo.KIND_PARTITIONED : TableInfo.KIND_TABLE,
              c.unlogged(),
              cols,
              cols.stream().filter(col -> col.generated() == null).map(ColumnInfo::name).toList(),
              !excludeData.matches(c.schema(), c.name()),
              dependsOn,
              partitions.getOrDefault(oid, List.of()),
              c.bytes()));
    }
    warnUnused(excludeData, "excludeData", tables);
    warnPartitionsOfOtherSchemas();
    Set<String> backedUp = new HashSet<>();
    tables.forEach(t -> backedUp.add(t.schema() + "." + t.name()));
    Map<String, Long> heapBytes = new HashMap<>();
    for (TableInfo table : tables) {
      heapBytes.put(table.id(), byOid.get(oidOf.get(table.id())).heapBytes());
    }
    return new Catalog(
        tables, sequences(backedUp), materializedViews(), new DumpPlan.Heaps(heapBytes, pageSize));
  }

  /**
   * A partition's rows are read through its root; a partition in a backed-up schema whose root is
   * in another schema would be left out without a word.
   */
  private void warnPartitionsOfOtherSchemas() throws SQLException {
    String sql =
        "SELECT n.nspname || '.' || c.relname, rn.nspname || '.' || r.relname"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_class r ON r.oid = pg_partition_root(c.oid)"
            + " JOIN pg_namespace rn ON rn.oid = r.relnamespace"
            + " WHERE c.relispartition AND n.nspname = ANY (?) AND NOT rn.nspname = ANY (?)"
            + " ORDER BY 1";
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, textArray(config.schemas()));
      query.setArray(2, textArray(config.schemas()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          log.warn(
              "Partition "
                  + rows.getString(1)
                  + " is not backed up: its rows are read through its partitioned table "
                  + rows.getString(2)
                  + ", whose schema is not in <schemas>. Add that schema to back them up.");
        }
      }
    }
  }

  private void checkSchemas() throws SQLException {
    List<String> found = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT nspname FROM pg_namespace WHERE nspname = ANY (?) ORDER BY nspname")) {
      query.setArray(1, textArray(config.schemas()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    List<String> missing = config.schemas().stream().filter(s -> !found.contains(s)).toList();
    if (!missing.isEmpty()) {
      throw new PgKeeperException(
          "The database has no schema "
              + String.join(", ", missing)
              + " to back up. Schema names"
              + " are case-sensitive; list the schemas to back up.",
          Setting.BACKUP_SCHEMAS);
    }
  }

  /**
   * The tables a backup with this configuration reads, quoted for SQL, listed without a word about
   * patterns that match nothing: {@link #read} says that once the snapshot is taken.
   */
  List<String> tablesToLock() throws SQLException {
    return selectTables(true).stream()
        .map(c -> Identifiers.qualified(c.schema(), c.name()))
        .toList();
  }

  /**
   * @param namesOnly list the names alone: no sizes (file system calls), and no warning about
   *     exclude patterns that match no table
   */
  private List<Candidate> selectTables(boolean namesOnly) throws SQLException {
    boolean report = !namesOnly;
    // Root tables only: a partition's rows are read through its partitioned root. The size is what
    // COPY reads, the heap and its TOAST table (a partitioned root sums its leaves'); it only
    // orders the COPY tasks and cuts large tables into slices, so it is pg_dump's estimate
    // (relpages). Measuring the files instead opens every relation in this session: at
    // thousands of tables, most of a second. A relation without that estimate (never vacuumed,
    // analyzed or indexed with rows) is measured when the statistics count enough rows in it
    // for its size to matter.
    String sizes =
        namesOnly
            ? "0, 0, 0"
            : estimate("c")
                + ", CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum("
                + estimate("l")
                + " + coalesce("
                + estimate("lt")
                + ", 0)), 0) FROM pg_partition_tree(c.oid) p"
                + " JOIN pg_class l ON l.oid = p.relid"
                + " LEFT JOIN pg_class lt ON lt.oid = l.reltoastrelid WHERE p.isleaf)"
                + " ELSE coalesce("
                + estimate("t")
                + ", 0) END, "
                + BLOCK_SIZE;
    String sql =
        "SELECT c.oid, n.nspname, c.relname, c.relkind = 'p', c.relpersistence = 'u', "
            + sizes
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + (namesOnly ? "" : " LEFT JOIN pg_class t ON t.oid = c.reltoastrelid")
            + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY (?)"
            + " ORDER BY n.nspname, c.relname";
    TableGlobs include = new TableGlobs(config.includeTables(), Setting.BACKUP_INCLUDE_TABLES);
    TableGlobs exclude = new TableGlobs(config.excludeTables(), Setting.BACKUP_EXCLUDE_TABLES);
    List<Candidate> all = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, textArray(config.schemas()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          boolean partitioned = rows.getBoolean(4);
          long heap = rows.getLong(6);
          // a partitioned root has no heap: the second size is its leaves', else the TOAST's
          long bytes = partitioned ? rows.getLong(7) : heap + rows.getLong(7);
          pageSize = rows.getInt(8);
          all.add(
              new Candidate(
                  rows.getLong(1),
                  rows.getString(2),
                  rows.getString(3),
                  partitioned,
                  rows.getBoolean(5),
                  bytes,
                  heap));
        }
      }
    }
    List<Candidate> history =
        all.stream()
            .filter(
                c ->
                    c.schema().equals(config.historySchema())
                        && c.name().equals(config.historyTable()))
            .toList();
    List<Candidate> selected = new ArrayList<>();
    for (Candidate c : all) {
      if (history.contains(c)
          || (!include.isEmpty() && !include.matches(c.schema(), c.name()))
          || exclude.matches(c.schema(), c.name())) {
        continue;
      }
      selected.add(c);
    }
    for (int i = 0; i < include.globs().size(); i++) {
      int index = i;
      if (all.stream().noneMatch(c -> include.matches(index, c.schema(), c.name()))) {
        throw new PgKeeperException(
            "The table pattern '"
                + include.globs().get(i)
                + "' matches no table of the schemas "
                + String.join(", ", config.schemas())
                + ". Fix the pattern, or back up another schema.",
            Setting.BACKUP_INCLUDE_TABLES);
      }
    }
    for (int i = 0; report && i < exclude.globs().size(); i++) {
      int index = i;
      if (all.stream().noneMatch(c -> exclude.matches(index, c.schema(), c.name()))) {
        log.warn("The exclude pattern '" + exclude.globs().get(i) + "' matches no table.");
      }
    }
    return selected;
  }

  /**
   * The estimated bytes of the main fork of the {@code pg_class} row {@code alias}: its relpages,
   * or, when it has none and the statistics count at least {@link #MEASURED_ROWS} rows, the size of
   * its file.
   */
  private static String estimate(String alias) {
    String pages = alias + ".relpages::bigint * " + BLOCK_SIZE;
    return "CASE WHEN "
        + alias
        + ".relpages > 0 OR pg_stat_get_live_tuples("
        + alias
        + ".oid) + pg_stat_get_dead_tuples("
        + alias
        + ".oid) < "
        + MEASURED_ROWS
        + " THEN "
        + pages
        + " ELSE pg_relation_size("
        + alias
        + ".oid) END";
  }

  private void warnUnused(TableGlobs globs, String parameter, List<TableInfo> tables) {
    for (int i = 0; i < globs.globs().size(); i++) {
      int index = i;
      if (tables.stream().noneMatch(t -> globs.matches(index, t.schema(), t.name()))) {
        log.warn(
            "The "
                + parameter
                + " pattern '"
                + globs.globs().get(i)
                + "' matches no backed-up table.");
      }
    }
  }

  private Map<Long, List<ColumnInfo>> columns(List<Candidate> tables) throws SQLException {
    // attgenerated is 's' (stored) or, from PostgreSQL 18, 'v' (virtual).
    String sql =
        "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
            + " a.attidentity, a.attgenerated FROM pg_attribute a"
            + " WHERE a.attrelid = ANY (?::oid[]) AND a.attnum > 0 AND NOT a.attisdropped"
            + " ORDER BY a.attrelid, a.attnum";
    Map<Long, List<ColumnInfo>> columns = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, oidArray(tables));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String identity =
              switch (rows.getString(5)) {
                case "a" -> "always";
                case "d" -> "by default";
                default -> null;
              };
          String generated =
              switch (rows.getString(6)) {
                case "s" -> "stored";
                case "v" -> "virtual";
                default -> null;
              };
          columns
              .computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
              .add(
                  new ColumnInfo(
                      rows.getString(2),
                      rows.getString(3),
                      rows.getBoolean(4),
                      identity,
                      generated));
        }
      }
    }
    return columns;
  }

  /** Referencing table → referenced tables, with partitions mapped to their roots. */
  private Map<Long, Set<Long>> foreignKeyParents(List<Candidate> tables) throws SQLException {
    // Top-level constraints only (conparentid = 0): those cloned onto partitions repeat them.
    String sql =
        "SELECT coalesce(pg_partition_root(conrelid), conrelid)::oid,"
            + " coalesce(pg_partition_root(confrelid), confrelid)::oid"
            + " FROM pg_constraint WHERE contype = 'f' AND conparentid = 0";
    Set<Long> known = new HashSet<>();
    tables.forEach(t -> known.add(t.oid()));
    Map<Long, Set<Long>> parents = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        long child = rows.getLong(1);
        long parent = rows.getLong(2);
        if (known.contains(child) && known.contains(parent)) {
          parents.computeIfAbsent(child, k -> new HashSet<>()).add(parent);
        }
      }
    }
    return parents;
  }

  private Map<Long, List<String>> partitions(List<Candidate> tables) throws SQLException {
    String sql =
        "SELECT r.oid, n.nspname || '.' || c.relname FROM pg_class r,"
            + " pg_partition_tree(r.oid) t JOIN pg_class c ON c.oid = t.relid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE r.oid = ANY (?::oid[]) AND r.relkind = 'p' AND t.relid <> r.oid"
            + " ORDER BY r.oid, t.level, 2";
    Map<Long, List<String>> partitions = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, oidArray(tables));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          partitions
              .computeIfAbsent(rows.getLong(1), k -> new ArrayList<>())
              .add(rows.getString(2));
        }
      }
    }
    return partitions;
  }

  /**
   * Sequences of the schemas and their state, except those owned by a table that is not backed up
   * (such as the history table's).
   */
  private List<SequenceInfo> sequences(Set<String> backedUpTables) throws SQLException {
    String sql =
        "SELECT n.nspname, c.relname, tn.nspname, t.relname, a.attname"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid"
            + "   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
            + " LEFT JOIN pg_class t ON t.oid = d.refobjid"
            + " LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace"
            + " LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
            + " WHERE c.relkind = 'S' AND n.nspname = ANY (?) ORDER BY 1, 2";
    record Found(String schema, String name, String ownedBy) {}
    List<Found> found = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, textArray(config.schemas()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String table =
              rows.getString(4) == null ? null : rows.getString(3) + "." + rows.getString(4);
          if (table != null && !backedUpTables.contains(table)) {
            continue;
          }
          found.add(
              new Found(
                  rows.getString(1),
                  rows.getString(2),
                  table == null ? null : table + "." + rows.getString(5)));
        }
      }
    }
    List<SequenceInfo> sequences = new ArrayList<>();
    // A sequence's state is read from the sequence itself (no catalog holds it before PostgreSQL
    // 18): many sequences per statement, not a round trip each.
    for (int from = 0; from < found.size(); from += SEQUENCES_PER_QUERY) {
      List<Found> batch = found.subList(from, Math.min(found.size(), from + SEQUENCES_PER_QUERY));
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < batch.size(); i++) {
        values
            .append(i == 0 ? "" : " UNION ALL ")
            .append("SELECT ")
            .append(i)
            .append(", last_value, is_called FROM ")
            .append(Identifiers.qualified(batch.get(i).schema(), batch.get(i).name()));
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(values.append(" ORDER BY 1").toString())) {
        while (rows.next()) {
          Found f = batch.get(rows.getInt(1));
          sequences.add(
              new SequenceInfo(
                  f.schema(), f.name(), rows.getLong(2), rows.getBoolean(3), f.ownedBy()));
        }
      }
    }
    return sequences;
  }

  private List<MaterializedViewInfo> materializedViews() throws SQLException {
    String sql =
        "SELECT n.nspname, c.relname, c.relispopulated FROM pg_class c"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE c.relkind = 'm' AND n.nspname = ANY (?) ORDER BY 1, 2";
    List<MaterializedViewInfo> views = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, textArray(config.schemas()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          views.add(
              new MaterializedViewInfo(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
        }
      }
    }
    return views;
  }

  private Array textArray(List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }

  private Array oidArray(List<Candidate> tables) throws SQLException {
    return connection.createArrayOf("int8", tables.stream().map(Candidate::oid).toArray());
  }
}
