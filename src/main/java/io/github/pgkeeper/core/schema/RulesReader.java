package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrite rules, from {@code pg_get_ruledef}, then their enabled state. A view's own {@code
 * _RETURN} rule is the view ({@link ViewsReader}).
 */
final class RulesReader implements ObjectReader {
  private static final String RULES =
      "SELECT r.oid::bigint, n.nspname,"
          + " pg_catalog.quote_ident(r.rulename) || ' ON ' || c.oid::pg_catalog.regclass::text,"
          + " pg_catalog.pg_get_ruledef(r.oid), r.ev_enabled::text,"
          + " c.oid::pg_catalog.regclass::text, pg_catalog.quote_ident(r.rulename)"
          + " FROM pg_catalog.pg_rewrite r"
          + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND r.rulename <> '_RETURN' AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY r.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        RULES,
        row -> {
          List<String> statements = new ArrayList<>();
          String definition = row.getString(4).strip();
          if (definition.endsWith(";")) {
            definition = definition.substring(0, definition.length() - 1);
          }
          statements.add(definition);
          if (!"O".equals(row.getString(5))) {
            statements.add(
                TriggersReader.enabled(
                    row.getString(5), row.getString(6), row.getString(7), "RULE"));
          }
          scan.add(
              ObjectKind.RULE,
              row.getString(3),
              row.getString(2),
              null,
              statements,
              List.of(),
              new CatalogAddress("pg_rewrite", row.getLong(1)));
        });
  }
}
