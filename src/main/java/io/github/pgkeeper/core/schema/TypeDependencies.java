package io.github.pgkeeper.core.schema;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Dependencies on types that {@code pg_depend} records on a row no reader stands for: a function
 * taking a table's row type depends on the table's {@code pg_type} row, not on its {@code pg_class}
 * row; a view casting to {@code mood[]} depends on the array type, not on the enum. This links such
 * objects to the table or the element type, so they are created after it.
 */
final class TypeDependencies {
  private TypeDependencies() {}

  /**
   * @param catalog the catalog of the dependent rows ({@code pg_proc}, {@code pg_rewrite})
   * @param objects the objects read, by their row's oid in that catalog
   */
  static void link(CatalogScan scan, String catalog, Map<Long, ObjectKey> objects)
      throws SQLException {
    if (objects.isEmpty()) {
      return;
    }
    String sql =
        "SELECT d.objid::bigint, nullif(t.typrelid, 0)::bigint, e.oid::bigint,"
            + " nullif(e.typrelid, 0)::bigint FROM pg_catalog.pg_depend d"
            + " JOIN pg_catalog.pg_type t ON t.oid = d.refobjid"
            + " LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem AND e.typarray = t.oid"
            + " WHERE d.classid = '"
            + catalog
            + "'::regclass AND d.refclassid = 'pg_catalog.pg_type'::regclass"
            + " AND d.objid = ANY(?::oid[]) AND (t.typrelid <> 0 OR e.oid IS NOT NULL)";
    try (PreparedStatement statement = scan.connection().prepareStatement(sql)) {
      Array oids = scan.connection().createArrayOf("bigint", objects.keySet().toArray());
      statement.setArray(1, oids);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ObjectKey object = objects.get(rows.getLong(1));
          if (object == null) {
            continue;
          }
          for (CatalogAddress on :
              new CatalogAddress[] {
                address("pg_class", rows, 2),
                address("pg_type", rows, 3),
                address("pg_class", rows, 4)
              }) {
            ObjectKey target = on == null ? null : scan.objectAt(on);
            if (target != null && !target.equals(object)) {
              scan.depends(object, target);
            }
          }
        }
      }
    }
  }

  private static CatalogAddress address(String catalog, ResultSet row, int column)
      throws SQLException {
    long oid = row.getLong(column);
    return row.wasNull() ? null : new CatalogAddress(catalog, oid);
  }
}
