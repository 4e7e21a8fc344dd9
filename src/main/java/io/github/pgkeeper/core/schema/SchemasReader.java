package io.github.pgkeeper.core.schema;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The schemas themselves: {@code CREATE SCHEMA IF NOT EXISTS}, since {@code public} and the schemas
 * a flavour provides exist in a new database already; then their owner.
 */
final class SchemasReader implements ObjectReader {
  @Override
  public void read(CatalogScan scan) throws SQLException {
    String sql =
        "SELECT n.oid::bigint, n.nspname, pg_catalog.quote_ident(n.nspname),"
            + " pg_catalog.pg_get_userbyid(n.nspowner)"
            + " FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY(?)"
            + " AND "
            + CatalogScan.notInExtension("pg_namespace", "n.oid")
            + " ORDER BY n.nspname";
    try (PreparedStatement statement = scan.connection().prepareStatement(sql)) {
      statement.setArray(1, scan.schemaArray());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String quoted = rows.getString(3);
          scan.add(
              ObjectKind.SCHEMA,
              quoted,
              rows.getString(2),
              rows.getString(4),
              List.of("CREATE SCHEMA IF NOT EXISTS " + quoted),
              List.of(),
              new CatalogAddress("pg_namespace", rows.getLong(1)));
        }
      }
    }
  }
}
