package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Views and materialized views, from {@code pg_get_viewdef}, with their options (security_barrier,
 * security_invoker, check_option, a materialized view's storage options and access method) and the
 * defaults of a view's columns. A materialized view is created {@code WITH NO DATA}: a restore
 * refreshes it after the rows are in. Their indexes are {@link IndexesReader}'s.
 *
 * <p>What a view uses is recorded in {@code pg_depend} against its {@code _RETURN} rule, so that
 * rule stands for the view too.
 */
final class ViewsReader implements ObjectReader {
  private static final String VIEWS =
      "SELECT c.oid::bigint, n.nspname, c.oid::pg_catalog.regclass::text,"
          + " pg_catalog.pg_get_userbyid(c.relowner), c.relkind = 'm',"
          + " pg_catalog.pg_get_viewdef(c.oid), "
          + CatalogQuery.optionList("c.reloptions", "")
          + ", r.oid::bigint,"
          + " CASE WHEN c.relkind = 'm' AND am.amname <> 'heap'"
          + " THEN pg_catalog.quote_ident(am.amname) END"
          + " FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'"
          + " LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam"
          + " WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY c.oid";

  /** Defaults of views' columns: what an INSERT through the view fills in. */
  private static final String DEFAULTS =
      "SELECT d.adrelid::bigint, d.oid::bigint, pg_catalog.quote_ident(a.attname),"
          + " pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
          + " FROM pg_catalog.pg_attrdef d"
          + " JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
          + " JOIN pg_catalog.pg_class c ON c.oid = d.adrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind = 'v' AND n.nspname = ANY(?)"
          + " ORDER BY d.adrelid, a.attnum";

  /** A view column's default: the statement, and its row for the dependencies. */
  private record Default(String statement, long oid) {}

  @Override
  public void read(CatalogScan scan) throws SQLException {
    Map<Long, List<Default>> defaults = new HashMap<>();
    CatalogQuery.each(
        scan,
        DEFAULTS,
        row ->
            defaults
                .computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
                .add(
                    new Default(
                        " ALTER COLUMN " + row.getString(3) + " SET DEFAULT " + row.getString(4),
                        row.getLong(2))));
    CatalogQuery.each(
        scan,
        VIEWS,
        row -> {
          long oid = row.getLong(1);
          String name = row.getString(3);
          boolean materialized = row.getBoolean(5);
          String query = row.getString(6).stripTrailing();
          if (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1);
          }
          String options = row.getString(7);
          String with = options == null || options.isEmpty() ? "" : " WITH (" + options + ")";
          List<String> statements = new ArrayList<>();
          List<CatalogAddress> addresses = new ArrayList<>();
          addresses.add(new CatalogAddress("pg_class", oid));
          long rule = row.getLong(8);
          boolean hasRule = !row.wasNull();
          if (hasRule) {
            addresses.add(new CatalogAddress("pg_rewrite", rule));
          }
          if (materialized) {
            String method = row.getString(9);
            statements.add(
                "CREATE MATERIALIZED VIEW "
                    + name
                    + (method == null ? "" : " USING " + method)
                    + with
                    + " AS\n"
                    + query
                    + "\n  WITH NO DATA");
          } else {
            statements.add("CREATE VIEW " + name + with + " AS\n" + query);
            for (Default columnDefault : defaults.getOrDefault(oid, List.of())) {
              statements.add("ALTER VIEW " + name + columnDefault.statement());
              addresses.add(new CatalogAddress("pg_attrdef", columnDefault.oid()));
            }
          }
          scan.add(
              materialized ? ObjectKind.MATERIALIZED_VIEW : ObjectKind.VIEW,
              name,
              row.getString(2),
              row.getString(4),
              statements,
              List.of(),
              addresses.toArray(CatalogAddress[]::new));
        });
  }
}
