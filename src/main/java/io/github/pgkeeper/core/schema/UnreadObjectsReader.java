package io.github.pgkeeper.core.schema;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs last: names in a warning every object of the read schemas that no reader captured, so that
 * nothing is lost silently (operators, operator classes and families, text search objects,
 * conversions, foreign tables, base types…, and casts, transforms and event triggers that use the
 * schemas' types or functions). An object counts as captured when a reader recorded its catalog
 * row; objects folded into another (an array type, a primary key's index, a partition's clone of
 * its parent's trigger) and members of extensions are not objects of their own.
 */
final class UnreadObjectsReader implements ObjectReader {
  /** A row that is part of another object, or of an extension: not an object of its own. */
  private static String ownObject(String catalog, String oid) {
    return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend f WHERE f.classid = '"
        + catalog
        + "'::pg_catalog.regclass AND f.objid = "
        + oid
        + " AND f.deptype IN ('i', 'e', 'P'))";
  }

  private static final String SCHEMAS =
      "(SELECT s.oid FROM pg_catalog.pg_namespace s WHERE s.nspname = ANY(?))";

  private static final String CANDIDATES =
      // Everything that lives in a schema depends on it.
      "SELECT d.classid::pg_catalog.regclass::text, d.objid::bigint FROM pg_catalog.pg_depend d"
          + " WHERE d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass"
          + " AND d.refobjid IN "
          + SCHEMAS
          + " AND d.deptype = 'n' AND d.objsubid = 0"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend f WHERE f.classid = d.classid"
          + " AND f.objid = d.objid AND f.deptype IN ('i', 'e', 'P'))"
          // What lives on a table instead: indexes, constraints, triggers, rules, policies.
          // (an invalid index is IndexesReader's to warn about)
          + " UNION ALL SELECT 'pg_class', c.oid::bigint FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_index x ON x.indexrelid = c.oid"
          + " WHERE c.relkind IN ('i', 'I') AND (x.indisvalid OR c.relkind = 'I')"
          + " AND c.relnamespace IN "
          + SCHEMAS
          + " AND "
          + ownObject("pg_catalog.pg_class", "c.oid")
          + " UNION ALL SELECT 'pg_constraint', k.oid::bigint FROM pg_catalog.pg_constraint k"
          + " WHERE k.connamespace IN "
          + SCHEMAS
          + " AND k.conislocal AND k.contype <> 'n' AND "
          + ownObject("pg_catalog.pg_constraint", "k.oid")
          + " UNION ALL SELECT 'pg_trigger', t.oid::bigint FROM pg_catalog.pg_trigger t"
          + " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace IN "
          + SCHEMAS
          + " AND NOT t.tgisinternal AND "
          + ownObject("pg_catalog.pg_trigger", "t.oid")
          + " UNION ALL SELECT 'pg_rewrite', r.oid::bigint FROM pg_catalog.pg_rewrite r"
          + " JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE c.relnamespace IN "
          + SCHEMAS
          + " AND "
          + ownObject("pg_catalog.pg_rewrite", "r.oid")
          + " UNION ALL SELECT 'pg_policy', p.oid::bigint FROM pg_catalog.pg_policy p"
          + " JOIN pg_catalog.pg_class c ON c.oid = p.polrelid WHERE c.relnamespace IN "
          + SCHEMAS
          // Objects of no schema that use the schemas' types or functions.
          + " UNION ALL SELECT 'pg_cast', k.oid::bigint FROM pg_catalog.pg_cast k"
          + " WHERE (k.castsource IN (SELECT t.oid FROM pg_catalog.pg_type t"
          + " WHERE t.typnamespace IN "
          + SCHEMAS
          + ") OR k.casttarget IN (SELECT t.oid FROM pg_catalog.pg_type t"
          + " WHERE t.typnamespace IN "
          + SCHEMAS
          + ") OR k.castfunc IN (SELECT p.oid FROM pg_catalog.pg_proc p"
          + " WHERE p.pronamespace IN "
          + SCHEMAS
          + ")) AND "
          + ownObject("pg_catalog.pg_cast", "k.oid")
          + " UNION ALL SELECT 'pg_transform', x.oid::bigint FROM pg_catalog.pg_transform x"
          + " JOIN pg_catalog.pg_type t ON t.oid = x.trftype WHERE t.typnamespace IN "
          + SCHEMAS
          + " AND "
          + ownObject("pg_catalog.pg_transform", "x.oid")
          + " UNION ALL SELECT 'pg_event_trigger', e.oid::bigint FROM pg_catalog.pg_event_trigger e"
          + " JOIN pg_catalog.pg_proc p ON p.oid = e.evtfoid WHERE p.pronamespace IN "
          + SCHEMAS
          + " AND "
          + ownObject("pg_catalog.pg_event_trigger", "e.oid");

  @Override
  public void read(CatalogScan scan) throws SQLException {
    List<String> catalogs = new ArrayList<>();
    List<Long> oids = new ArrayList<>();
    CatalogQuery.each(
        scan,
        CANDIDATES,
        row -> {
          CatalogAddress address = new CatalogAddress(row.getString(1), row.getLong(2));
          if (scan.objectAt(address) == null) {
            catalogs.add(address.catalog());
            oids.add(address.oid());
          }
        });
    if (oids.isEmpty()) {
      return;
    }
    String sql =
        "SELECT o.type, o.identity FROM ROWS FROM (pg_catalog.unnest(?::text[]),"
            + " pg_catalog.unnest(?::oid[])) AS x(catalog, oid),"
            + " LATERAL pg_catalog.pg_identify_object(x.catalog::pg_catalog.regclass, x.oid, 0) o"
            + " ORDER BY 1, 2";
    try (PreparedStatement statement = scan.connection().prepareStatement(sql)) {
      Array catalogArray = scan.connection().createArrayOf("text", catalogs.toArray());
      Array oidArray = scan.connection().createArrayOf("bigint", oids.toArray());
      statement.setArray(1, catalogArray);
      statement.setArray(2, oidArray);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          scan.warn(
              rows.getString(1).toUpperCase(Locale.ROOT)
                  + " "
                  + rows.getString(2)
                  + " is not in the schema snapshot (no reader for it): a restore does not"
                  + " recreate it; recreate it by hand");
        }
      }
    }
  }
}
