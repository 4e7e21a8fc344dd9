package io.github.pgkeeper.core.schema;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;

/**
 * Row-level security policies: permissive or restrictive, the command, the roles (each recorded: a
 * restore needs them), USING and WITH CHECK. Whether the table enforces them is {@link
 * TablesReader}'s ROW_SECURITY object.
 */
final class PoliciesReader implements ObjectReader {
  private static final String POLICIES =
      "SELECT p.oid::bigint, n.nspname,"
          + " pg_catalog.quote_ident(p.polname) || ' ON ' || c.oid::pg_catalog.regclass::text,"
          + " p.polpermissive,"
          + " CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
          + " WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,"
          + " (SELECT pg_catalog.string_agg(CASE WHEN r.role = 0 THEN 'PUBLIC'"
          + " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(r.role)) END, ', '"
          + " ORDER BY r.position) FROM pg_catalog.unnest(p.polroles) WITH ORDINALITY"
          + " AS r(role, position)),"
          + " (SELECT pg_catalog.array_agg(pg_catalog.pg_get_userbyid(r.role))"
          + " FROM pg_catalog.unnest(p.polroles) AS r(role) WHERE r.role <> 0),"
          + " pg_catalog.pg_get_expr(p.polqual, p.polrelid),"
          + " pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)"
          + " FROM pg_catalog.pg_policy p"
          + " JOIN pg_catalog.pg_class c ON c.oid = p.polrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY p.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        POLICIES,
        row -> {
          String name = row.getString(3);
          StringBuilder sql = new StringBuilder("CREATE POLICY ").append(name);
          sql.append(row.getBoolean(4) ? " AS PERMISSIVE" : " AS RESTRICTIVE");
          sql.append(" FOR ").append(row.getString(5));
          sql.append(" TO ").append(row.getString(6));
          if (row.getString(8) != null) {
            sql.append(" USING (").append(row.getString(8)).append(')');
          }
          if (row.getString(9) != null) {
            sql.append(" WITH CHECK (").append(row.getString(9)).append(')');
          }
          Array roles = row.getArray(7);
          if (roles != null) {
            for (Object role : (Object[]) roles.getArray()) {
              scan.role((String) role);
            }
          }
          scan.add(
              ObjectKind.POLICY,
              name,
              row.getString(2),
              null,
              List.of(sql.toString()),
              List.of(),
              new CatalogAddress("pg_policy", row.getLong(1)));
        });
  }
}
