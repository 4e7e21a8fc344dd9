package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.Manifest;
import io.github.pgkeeper.core.archive.ManifestEntry;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.restore.TargetCatalog.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a table loads as binary COPY: only when every COPY column has a type that {@link
 * FieldEncoder} covers (a domain counts as its base type, an enum as its label), the target's
 * column has exactly the archive's type, and no row is longer than a part (a row split across parts
 * is longer than {@link BinaryCopyStream#MAX_ROW} may allow). Otherwise the table loads as text.
 */
final class BinaryColumns {
  /** Built-in type OIDs (pg_type.dat), which never change. */
  private static final Map<Integer, FieldEncoder> BY_TYPE_OID =
      Map.ofEntries(
          Map.entry(16, FieldEncoder.BOOL),
          Map.entry(17, FieldEncoder.BYTEA),
          Map.entry(20, FieldEncoder.INT8),
          Map.entry(21, FieldEncoder.INT2),
          Map.entry(23, FieldEncoder.INT4),
          Map.entry(25, FieldEncoder.TEXT),
          Map.entry(114, FieldEncoder.TEXT), // json
          Map.entry(700, FieldEncoder.FLOAT4),
          Map.entry(701, FieldEncoder.FLOAT8),
          Map.entry(1042, FieldEncoder.TEXT), // character(n)
          Map.entry(1043, FieldEncoder.TEXT), // character varying(n)
          Map.entry(1082, FieldEncoder.DATE),
          Map.entry(1114, FieldEncoder.TIMESTAMP),
          Map.entry(1184, FieldEncoder.TIMESTAMPTZ),
          Map.entry(1700, FieldEncoder.NUMERIC),
          Map.entry(2950, FieldEncoder.UUID),
          Map.entry(3802, FieldEncoder.JSONB));

  private BinaryColumns() {}

  /**
   * The encoders of the COPY columns of each table that loads as binary COPY, by table oid; the
   * tables that load as text are absent. One catalog query for all the tables.
   */
  static Map<Long, List<FieldEncoder>> encoders(
      Connection connection, List<Target> targets, Manifest manifest) throws SQLException {
    Map<String, List<ManifestEntry>> partsByTable = new HashMap<>();
    for (ManifestEntry entry : manifest.entries()) {
      if (entry.table() != null) {
        partsByTable.computeIfAbsent(entry.table(), k -> new ArrayList<>()).add(entry);
      }
    }
    Map<Long, TableInfo> candidates = new HashMap<>();
    Map<Long, Map<String, String>> archivedTypes = new HashMap<>();
    for (Target target : targets) {
      TableInfo table = target.table();
      if (table.dataIncluded()
          && !target.partitioned()
          && !table.copyColumns().isEmpty()
          && partsByTable.getOrDefault(table.id(), List.of()).stream()
              .noneMatch(p -> p.rows() == 0 && p.rawBytes() > 0)) {
        candidates.put(target.oid(), table);
        Map<String, String> types = new HashMap<>();
        table.columns().forEach(c -> types.put(c.name(), c.type()));
        archivedTypes.put(target.oid(), types);
      }
    }
    Map<Long, Map<String, FieldEncoder>> byTable = new HashMap<>();
    if (candidates.isEmpty()) {
      return Map.of();
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod),"
                + " CASE WHEN t.typtype = 'd' THEN b.oid ELSE t.oid END::int,"
                + " CASE WHEN t.typtype = 'd' THEN b.typtype ELSE t.typtype END"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_type b ON b.oid = t.typbasetype"
                + " WHERE a.attrelid::bigint = ANY (?) AND a.attnum > 0"
                + " AND NOT a.attisdropped")) {
      query.setArray(1, connection.createArrayOf("bigint", candidates.keySet().toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long oid = rows.getLong(1);
          String name = rows.getString(2);
          if (!rows.getString(3).equals(archivedTypes.get(oid).get(name))) {
            continue;
          }
          FieldEncoder encoder =
              "e".equals(rows.getString(5)) ? FieldEncoder.TEXT : BY_TYPE_OID.get(rows.getInt(4));
          if (encoder != null) {
            byTable.computeIfAbsent(oid, k -> new HashMap<>()).put(name, encoder);
          }
        }
      }
    }
    Map<Long, List<FieldEncoder>> encoders = new HashMap<>();
    candidates.forEach(
        (oid, table) -> {
          Map<String, FieldEncoder> byColumn = byTable.getOrDefault(oid, Map.of());
          List<FieldEncoder> list = new ArrayList<>();
          for (String column : table.copyColumns()) {
            FieldEncoder encoder = byColumn.get(column);
            if (encoder == null) {
              return; // a column binary COPY cannot encode: the table loads as text
            }
            list.add(encoder);
          }
          encoders.put(oid, List.copyOf(list));
        });
    return encoders;
  }
}
