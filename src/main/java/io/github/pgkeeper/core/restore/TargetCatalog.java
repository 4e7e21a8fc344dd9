package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.TableInfo;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the target database holds of the archive's tables: read in the restore's transaction. */
final class TargetCatalog {
  private TargetCatalog() {}

  /** A table of the archive as the target has it. */
  record Target(TableInfo table, long oid, boolean partitioned, boolean owned) {}

  /**
   * The archive's tables found in the target (by schema and name), in the order given; tables the
   * target lacks are absent from the map.
   */
  static Map<TableInfo, Target> find(Connection connection, List<TableInfo> tables)
      throws SQLException {
    Map<TableInfo, Target> found = new LinkedHashMap<>();
    if (tables.isEmpty()) {
      return found;
    }
    String sql =
        "SELECT w.i, c.oid::bigint, c.relkind = 'p', pg_has_role(c.relowner, 'USAGE')"
            + " FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS w(s, n, i)"
            + " JOIN pg_namespace ns ON ns.nspname = w.s"
            + " JOIN pg_class c ON c.relnamespace = ns.oid AND c.relname = w.n"
            + " AND c.relkind IN ('r', 'p')";
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, texts(connection, tables.stream().map(TableInfo::schema).toList()));
      query.setArray(2, texts(connection, tables.stream().map(TableInfo::name).toList()));
      Map<Integer, Target> byIndex = new LinkedHashMap<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          int index = rows.getInt(1) - 1;
          byIndex.put(
              index,
              new Target(
                  tables.get(index), rows.getLong(2), rows.getBoolean(3), rows.getBoolean(4)));
        }
      }
      for (int i = 0; i < tables.size(); i++) {
        if (byIndex.containsKey(i)) {
          found.put(tables.get(i), byIndex.get(i));
        }
      }
    }
    return found;
  }

  /** The tables (of {@code targets}) that hold at least one row. */
  static List<Target> nonEmpty(Connection connection, List<Target> targets) throws SQLException {
    List<Target> nonEmpty = new ArrayList<>();
    if (targets.isEmpty()) {
      return nonEmpty;
    }
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < targets.size(); i++) {
      sql.append(i == 0 ? "" : " UNION ALL ")
          .append("SELECT ")
          .append(i)
          .append(" WHERE EXISTS (SELECT 1 FROM ")
          .append(targets.get(i).table().qualifiedName())
          .append(')');
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql.toString())) {
      while (rows.next()) {
        nonEmpty.add(targets.get(rows.getInt(1)));
      }
    }
    return nonEmpty;
  }

  static long count(Connection connection, Target target) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM " + target.table().qualifiedName())) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * The targets that must be emptied (TRUNCATE) before the load: all but those this transaction
   * created and that hold nothing yet (no page in the table or any of its partitions), such as the
   * tables a rebuilt schema has just created. {@code COPY … FREEZE} needs no TRUNCATE for a table
   * created in the same transaction (also under a savepoint since released), and a TRUNCATE of
   * thousands of new tables costs a new file per table, TOAST table and index, and locks. A table
   * that existed before, or another transaction's, is always emptied; so is one that a kept foreign
   * key (not taken out of the way) makes reference an emptied one, which TRUNCATE requires.
   *
   * <p>"Created by this transaction": the xmin of the table's row type in pg_type (which the
   * restore never updates, unlike pg_class: NO FORCE ROW LEVEL SECURITY) is this transaction's id
   * or one of its subtransactions', which all come after it. The 32-bit xmin is widened to an xid8
   * in the epoch nearest this transaction's id. An xid the statement's snapshot still counts as
   * running (at or past its xmax) on a row the statement sees is this transaction's own; below the
   * xmax, pg_xact_status tells (it throws on an xid past the next one, which the xmax never is). A
   * frozen row keeps its raw xmin, which could only by chance alias one of this transaction's ids;
   * COPY … FREEZE would then refuse the table and the restore roll back. A partitioned table's own
   * size is 0: its partitions are looked at.
   */
  static List<Target> toEmpty(Connection connection, List<Target> targets) throws SQLException {
    List<Target> toEmpty = new ArrayList<>();
    if (targets.isEmpty()) {
      return toEmpty;
    }
    String sql =
        "WITH RECURSIVE r AS (SELECT pg_current_xact_id()::text::bigint AS top,"
            + "   pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax),"
            + " created AS (SELECT u.oid FROM unnest(?::bigint[]) AS u(oid)"
            + "   JOIN pg_class c ON c.oid = u.oid::oid JOIN pg_type t ON t.oid = c.reltype"
            + "   CROSS JOIN r"
            + "   CROSS JOIN LATERAL (SELECT t.xmin::text::bigint AS low) l"
            + "   CROSS JOIN LATERAL (SELECT ((r.top >> 32) << 32) | l.low AS f0) e"
            + "   CROSS JOIN LATERAL (SELECT e.f0 + CASE WHEN e.f0 > r.top + 2147483648"
            + "     THEN -4294967296 WHEN e.f0 < r.top - 2147483648 THEN 4294967296 ELSE 0 END"
            + "     AS f) w"
            + "   WHERE l.low >= 3 AND w.f >= r.top"
            + "   AND CASE WHEN w.f >= r.xmax THEN true"
            + "     ELSE pg_xact_status(w.f::text::xid8) = 'in progress' END"
            + "   AND pg_relation_size(c.oid) = 0 AND NOT EXISTS (SELECT 1"
            + "     FROM pg_partition_tree(c.oid) p WHERE pg_relation_size(p.relid) > 0)),"
            + " emptied(oid) AS (SELECT u.oid FROM unnest(?::bigint[]) AS u(oid)"
            + "   WHERE u.oid NOT IN (SELECT oid FROM created)"
            + "   UNION SELECT con.conrelid::bigint FROM pg_constraint con"
            + "   JOIN emptied e ON con.confrelid::bigint = e.oid"
            + "   WHERE con.contype = 'f' AND con.conrelid::bigint = ANY (?))"
            + " SELECT oid FROM emptied";
    Map<Long, Target> byOid = new LinkedHashMap<>();
    targets.forEach(t -> byOid.put(t.oid(), t));
    Array oids = connection.createArrayOf("bigint", byOid.keySet().toArray());
    Set<Long> emptied = new HashSet<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, oids);
      query.setArray(2, oids);
      query.setArray(3, oids);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          emptied.add(rows.getLong(1));
        }
      }
    }
    byOid.forEach(
        (oid, target) -> {
          if (emptied.contains(oid)) {
            toEmpty.add(target);
          }
        });
    return toEmpty;
  }

  /** The oids of the tables and, for partitioned ones, of all their partitions. */
  static Set<Long> withPartitions(Connection connection, List<Target> targets) throws SQLException {
    Set<Long> oids = new HashSet<>();
    targets.forEach(t -> oids.add(t.oid()));
    List<Long> partitioned = targets.stream().filter(Target::partitioned).map(Target::oid).toList();
    if (partitioned.isEmpty()) {
      return oids;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT t.relid::oid::bigint FROM unnest(?::bigint[]) AS p(oid),"
                + " pg_partition_tree(p.oid::oid::regclass) AS t")) {
      query.setArray(1, connection.createArrayOf("bigint", partitioned.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          oids.add(rows.getLong(1));
        }
      }
    }
    return oids;
  }

  /**
   * A foreign key of a table outside the restore into a table it empties.
   *
   * @param table the referencing table, quoted for SQL
   * @param oid the referencing table
   */
  record OutsideReference(String table, long oid, String description) {}

  /**
   * Foreign keys of tables outside {@code oids} that reference a table inside: emptying the tables
   * would need a cascade into them. The set is fixed once the tables inside are locked: adding a
   * foreign key locks the table it references.
   */
  static List<OutsideReference> referencesFromOutside(Connection connection, Set<Long> oids)
      throws SQLException {
    List<OutsideReference> outside = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT con.conrelid::regclass::text, con.conname, con.confrelid::regclass::text,"
                + " con.conrelid::bigint"
                + " FROM pg_constraint con WHERE con.contype = 'f'"
                + " AND con.confrelid::bigint = ANY (?) AND NOT con.conrelid::bigint = ANY (?)"
                + " AND con.conparentid = 0 ORDER BY 1, 2")) {
      Array array = connection.createArrayOf("bigint", oids.toArray());
      query.setArray(1, array);
      query.setArray(2, array);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          outside.add(
              new OutsideReference(
                  rows.getString(1),
                  rows.getLong(4),
                  rows.getString(1)
                      + " ("
                      + rows.getString(2)
                      + " references "
                      + rows.getString(3)
                      + ")"));
        }
      }
    }
    return outside;
  }

  /** Whether {@code table} (quoted for SQL) holds at least one row. */
  static boolean holdsRows(Connection connection, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  /** The tables of {@code schemas} other than {@code except} (the history table). */
  static List<String> tablesIn(
      Connection connection, List<String> schemas, String exceptSchema, String exceptName)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (?) AND NOT c.relispartition"
                + " AND NOT (n.nspname = ? AND c.relname = ?) ORDER BY 1, 2")) {
      query.setArray(1, texts(connection, schemas));
      query.setString(2, exceptSchema);
      query.setString(3, exceptName);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          tables.add(rows.getString(1) + "." + rows.getString(2));
        }
      }
    }
    return tables;
  }

  static Array texts(Connection connection, List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }
}
