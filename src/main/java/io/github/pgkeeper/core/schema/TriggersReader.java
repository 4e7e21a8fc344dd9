package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Triggers, constraint triggers included, from {@code pg_get_triggerdef}, then their enabled state
 * ({@code DISABLE TRIGGER}, {@code ENABLE REPLICA / ALWAYS TRIGGER}). Left out: internal triggers
 * (those of foreign keys), and the clones a partitioned table's trigger makes on its partitions,
 * which come back with it; a clone whose state differs from its parent's gets its own ALTER.
 */
final class TriggersReader implements ObjectReader {
  private static final String TRIGGERS =
      "SELECT t.oid::bigint, n.nspname,"
          + " pg_catalog.quote_ident(t.tgname) || ' ON ' || c.oid::pg_catalog.regclass::text,"
          + " pg_catalog.pg_get_triggerdef(t.oid), t.tgenabled::text,"
          + " c.oid::pg_catalog.regclass::text, pg_catalog.quote_ident(t.tgname),"
          + " nullif(t.tgconstraint, 0)::bigint"
          + " FROM pg_catalog.pg_trigger t"
          + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND NOT t.tgisinternal"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend p"
          + " WHERE p.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass"
          + " AND p.objid = t.oid AND p.deptype = 'P') AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY t.oid";

  /** Clones on partitions whose state is not simply their parent's. */
  private static final String CLONES =
      "SELECT p.refobjid::bigint, t.tgenabled::text, c.oid::pg_catalog.regclass::text,"
          + " pg_catalog.quote_ident(t.tgname)"
          + " FROM pg_catalog.pg_trigger t"
          + " JOIN pg_catalog.pg_depend p ON p.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass"
          + " AND p.objid = t.oid AND p.deptype = 'P'"
          + " AND p.refclassid = 'pg_catalog.pg_trigger'::pg_catalog.regclass"
          + " JOIN pg_catalog.pg_trigger parent ON parent.oid = p.refobjid"
          + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = ANY(?) AND (t.tgenabled <> parent.tgenabled OR t.tgenabled <> 'O')"
          + " ORDER BY c.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    Map<Long, List<String>> clones = new HashMap<>();
    CatalogQuery.each(
        scan,
        CLONES,
        row ->
            clones
                .computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
                .add(enabled(row.getString(2), row.getString(3), row.getString(4), "TRIGGER")));
    CatalogQuery.each(
        scan,
        TRIGGERS,
        row -> {
          long oid = row.getLong(1);
          List<String> statements = new ArrayList<>();
          statements.add(row.getString(4));
          if (!"O".equals(row.getString(5))) {
            statements.add(
                enabled(row.getString(5), row.getString(6), row.getString(7), "TRIGGER"));
          }
          statements.addAll(clones.getOrDefault(oid, List.of()));
          List<CatalogAddress> addresses = new ArrayList<>();
          addresses.add(new CatalogAddress("pg_trigger", oid));
          long constraint = row.getLong(8);
          if (!row.wasNull()) {
            // A constraint trigger's pg_constraint row is part of it.
            addresses.add(new CatalogAddress("pg_constraint", constraint));
          }
          scan.add(
              ObjectKind.TRIGGER,
              row.getString(3),
              row.getString(2),
              null,
              statements,
              List.of(),
              addresses.toArray(CatalogAddress[]::new));
        });
  }

  /**
   * The {@code ALTER TABLE} that puts a trigger or rule in the state {@code code} ({@code
   * tgenabled}, {@code ev_enabled}: O is the state it is created in).
   */
  static String enabled(String code, String table, String name, String what) {
    String action =
        switch (code) {
          case "D" -> "DISABLE";
          case "R" -> "ENABLE REPLICA";
          case "A" -> "ENABLE ALWAYS";
          default -> "ENABLE";
        };
    return "ALTER TABLE " + table + " " + action + " " + what + " " + name;
  }
}
