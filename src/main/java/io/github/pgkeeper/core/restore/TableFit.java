package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.ColumnInfo;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.restore.TargetCatalog.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the archive's rows fit the target's tables, compared before anything is written: every
 * difference that matters for the rows, for all tables at once. A table the target lacks; a column
 * the archive has values for that the target lacks, has with another type, or computes itself
 * (generated); a target column that is NOT NULL without a default and that the archive has no
 * values for. Extra columns the target may fill by itself (nullable, a default, identity,
 * generated) do not matter.
 */
final class TableFit {
  private TableFit() {}

  /** A column as the target has it. */
  private record TargetColumn(
      String type, boolean notNull, boolean hasDefault, boolean identity, boolean generated) {}

  /**
   * Every difference, one line each, in the archive's table order; empty when the rows fit.
   *
   * @param found the selected tables the target has, as found once locked
   */
  static List<String> differences(
      Connection connection, List<TableInfo> selected, Map<TableInfo, Target> found)
      throws SQLException {
    Map<Long, Map<String, TargetColumn>> columns = columns(connection, found.values());
    List<String> differences = new ArrayList<>();
    for (TableInfo table : selected) {
      Target target = found.get(table);
      if (target == null) {
        differences.add(table.displayName() + ": the target has no such table");
        continue;
      }
      if (!table.dataIncluded()) {
        continue; // no rows to fit
      }
      Map<String, TargetColumn> have = columns.getOrDefault(target.oid(), Map.of());
      Map<String, ColumnInfo> archived = new HashMap<>();
      table.columns().forEach(c -> archived.put(c.name(), c));
      Set<String> copied = new HashSet<>(table.copyColumns());
      for (String name : table.copyColumns()) {
        ColumnInfo column = archived.get(name);
        String type = column == null ? null : column.type();
        TargetColumn there = have.get(name);
        String label = table.displayName() + "." + name;
        if (there == null) {
          differences.add(
              label
                  + ": the target has no such column, the archive has values for it"
                  + (type == null ? "" : " (" + type + ")"));
        } else if (there.generated()) {
          differences.add(
              label + ": the target computes it (generated), the archive has values for it");
        } else if (type != null && !type.equals(there.type())) {
          differences.add(
              label + ": " + there.type() + " in the target, " + type + " in the archive");
        }
      }
      for (Map.Entry<String, TargetColumn> entry : have.entrySet()) {
        TargetColumn there = entry.getValue();
        if (!copied.contains(entry.getKey())
            && there.notNull()
            && !there.hasDefault()
            && !there.identity()
            && !there.generated()) {
          differences.add(
              table.displayName()
                  + "."
                  + entry.getKey()
                  + ": NOT NULL without a default in the target, the archive has no values for it");
        }
      }
    }
    return differences;
  }

  /** The columns of the tables, by table oid, in column order; one query for all. */
  private static Map<Long, Map<String, TargetColumn>> columns(
      Connection connection, Iterable<Target> targets) throws SQLException {
    List<Long> oids = new ArrayList<>();
    targets.forEach(t -> oids.add(t.oid()));
    Map<Long, Map<String, TargetColumn>> columns = new HashMap<>();
    if (oids.isEmpty()) {
      return columns;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod),"
                + " a.attnotnull, a.atthasdef, a.attidentity <> '', a.attgenerated <> ''"
                + " FROM pg_attribute a WHERE a.attrelid::bigint = ANY (?) AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum")) {
      query.setArray(1, connection.createArrayOf("bigint", oids.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns
              .computeIfAbsent(rows.getLong(1), k -> new LinkedHashMap<>())
              .put(
                  rows.getString(2),
                  new TargetColumn(
                      rows.getString(3),
                      rows.getBoolean(4),
                      rows.getBoolean(5),
                      rows.getBoolean(6),
                      rows.getBoolean(7)));
        }
      }
    }
    return columns;
  }
}
