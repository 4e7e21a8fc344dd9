package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.ColumnInfo;
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
import java.util.Optional;

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

  /** The encoders of the table's COPY columns, or empty when it loads as text. */
  static Optional<List<FieldEncoder>> encoders(
      Connection connection, Target target, List<ManifestEntry> parts) throws SQLException {
    TableInfo table = target.table();
    if (target.partitioned()
        || table.copyColumns().isEmpty()
        || parts.stream().anyMatch(p -> p.rows() == 0 && p.rawBytes() > 0)) {
      return Optional.empty();
    }
    Map<String, String> archivedTypes = new HashMap<>();
    for (ColumnInfo column : table.columns()) {
      archivedTypes.put(column.name(), column.type());
    }
    Map<String, FieldEncoder> byColumn = new HashMap<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
                + " CASE WHEN t.typtype = 'd' THEN b.oid ELSE t.oid END::int,"
                + " CASE WHEN t.typtype = 'd' THEN b.typtype ELSE t.typtype END"
                + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_type b ON b.oid = t.typbasetype"
                + " WHERE a.attrelid = ?::bigint::oid AND a.attnum > 0 AND NOT a.attisdropped")) {
      query.setLong(1, target.oid());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String name = rows.getString(1);
          if (!rows.getString(2).equals(archivedTypes.get(name))) {
            continue;
          }
          FieldEncoder encoder =
              "e".equals(rows.getString(4)) ? FieldEncoder.TEXT : BY_TYPE_OID.get(rows.getInt(3));
          if (encoder != null) {
            byColumn.put(name, encoder);
          }
        }
      }
    }
    List<FieldEncoder> encoders = new ArrayList<>();
    for (String column : table.copyColumns()) {
      FieldEncoder encoder = byColumn.get(column);
      if (encoder == null) {
        return Optional.empty();
      }
      encoders.add(encoder);
    }
    return Optional.of(encoders);
  }
}
