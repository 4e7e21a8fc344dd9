package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Extended statistics objects, from {@code pg_get_statisticsobjdef}, with their statistics target
 * when one is set. The statistics themselves are the target's to gather (ANALYZE).
 */
final class StatisticsReader implements ObjectReader {
  private static final String STATISTICS =
      "SELECT s.oid::bigint, n.nspname,"
          + " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(s.stxname),"
          + " pg_catalog.pg_get_userbyid(s.stxowner), pg_catalog.pg_get_statisticsobjdef(s.oid),"
          + " (pg_catalog.to_jsonb(s) ->> 'stxstattarget')::int"
          + " FROM pg_catalog.pg_statistic_ext s"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = s.stxnamespace"
          + " WHERE n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_statistic_ext", "s.oid")
          + " ORDER BY 3";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        STATISTICS,
        row -> {
          String name = row.getString(3);
          List<String> statements = new ArrayList<>();
          statements.add(row.getString(5));
          int target = row.getInt(6);
          // -1 before PostgreSQL 17, null since: the default target.
          if (!row.wasNull() && target >= 0) {
            statements.add("ALTER STATISTICS " + name + " SET STATISTICS " + target);
          }
          scan.add(
              ObjectKind.STATISTICS,
              name,
              row.getString(2),
              row.getString(4),
              statements,
              List.of(),
              new CatalogAddress("pg_statistic_ext", row.getLong(1)));
        });
  }
}
