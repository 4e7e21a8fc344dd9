package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The constraints of tables, as {@code pg_get_constraintdef} prints them (DEFERRABLE, INITIALLY
 * DEFERRED, NOT VALID, NO INHERIT): CHECK constraints (validated ones before the rows load, NOT
 * VALID ones after), primary keys, unique and exclusion constraints, and foreign keys.
 *
 * <p>What a child gets from its parent is not repeated: an inherited CHECK and the foreign keys a
 * partition clones come back when the parent's are created. A partition's key is created on the
 * partition under its own name and attached to its parent's, as pg_dump does, so that every name
 * stays as it was.
 */
final class ConstraintsReader implements ObjectReader {
  private static final String CONSTRAINTS =
      "SELECT co.oid::bigint, n.nspname, pg_catalog.quote_ident(co.conname),"
          + " co.conrelid::pg_catalog.regclass::text, co.contype::text,"
          + " pg_catalog.pg_get_constraintdef(co.oid), co.convalidated, co.conislocal,"
          + " co.conindid::bigint, c.relkind = 'p',"
          + " (SELECT pg_catalog.quote_ident(p.conname) || ' ON '"
          + " || p.conrelid::pg_catalog.regclass::text"
          + " FROM pg_catalog.pg_constraint p WHERE p.oid = co.conparentid),"
          + " (SELECT p.conindid::pg_catalog.regclass::text"
          + " FROM pg_catalog.pg_constraint p WHERE p.oid = co.conparentid),"
          + " co.conindid::pg_catalog.regclass::text,"
          + " (SELECT pg_catalog.array_agg(i.inhrelid::pg_catalog.regclass::text)"
          + " FROM pg_catalog.pg_inherits i WHERE i.inhparent = co.conrelid),"
          + " coalesce(x.indisclustered, false), coalesce(x.indisreplident, false),"
          + " pg_catalog.quote_ident(xc.relname),"
          + " (SELECT pg_catalog.quote_ident(s.spcname) FROM pg_catalog.pg_tablespace s"
          + " WHERE s.oid = xc.reltablespace)"
          + " FROM pg_catalog.pg_constraint co"
          + " JOIN pg_catalog.pg_class c ON c.oid = co.conrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_index x"
          + " ON x.indexrelid = co.conindid AND co.contype IN ('p', 'u', 'x')"
          + " LEFT JOIN pg_catalog.pg_class xc ON xc.oid = x.indexrelid"
          + " WHERE co.contype IN ('c', 'p', 'u', 'x', 'f') AND c.relkind IN ('r', 'p')"
          + " AND n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY co.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        CONSTRAINTS,
        row -> {
          String schema = row.getString(2);
          String name = row.getString(3);
          String table = row.getString(4);
          String type = row.getString(5);
          String definition = row.getString(6);
          boolean local = row.getBoolean(8);
          boolean partitioned = row.getBoolean(10);
          String parentConstraint = row.getString(11);
          ObjectKey tableKey = new ObjectKey(ObjectKind.TABLE, table);
          List<CatalogAddress> addresses = new ArrayList<>();
          addresses.add(new CatalogAddress("pg_constraint", row.getLong(1)));
          if (row.getLong(9) != 0 && !type.equals("f")) {
            // The index of a key: what depends on the index (a foreign key) needs the key.
            addresses.add(new CatalogAddress("pg_class", row.getLong(9)));
          }
          String key = name + " ON " + table;
          ObjectKey constraint;
          switch (type) {
            case "c" -> {
              if (!local) {
                return; // it comes with the parent's
              }
              constraint =
                  scan.add(
                      row.getBoolean(7) ? ObjectKind.CHECK_CONSTRAINT : ObjectKind.CONSTRAINT,
                      key,
                      schema,
                      null,
                      List.of(
                          "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + definition),
                      List.of(),
                      addresses.toArray(CatalogAddress[]::new));
              // Added to the parent after the children exist, it reaches them as it did.
              for (String child : TablesReader.strings(row.getArray(14))) {
                scan.depends(constraint, new ObjectKey(ObjectKind.TABLE, child));
              }
            }
            case "f" -> {
              if (parentConstraint != null) {
                return; // a partition's clone of its parent's foreign key
              }
              constraint =
                  scan.add(
                      ObjectKind.FOREIGN_KEY,
                      key,
                      schema,
                      null,
                      List.of(
                          "ALTER TABLE "
                              + (partitioned ? "" : "ONLY ")
                              + table
                              + " ADD CONSTRAINT "
                              + name
                              + " "
                              + definition),
                      List.of(),
                      addresses.toArray(CatalogAddress[]::new));
            }
            default -> {
              if (row.getString(18) != null) {
                scan.warn(Tablespaces.warning("CONSTRAINT " + key, row.getString(18)));
              }
              List<String> statements = new ArrayList<>();
              statements.add(
                  "ALTER TABLE ONLY " + table + " ADD CONSTRAINT " + name + " " + definition);
              if (parentConstraint != null) {
                statements.add(
                    "ALTER INDEX " + row.getString(12) + " ATTACH PARTITION " + row.getString(13));
              }
              if (row.getBoolean(15)) {
                statements.add("ALTER TABLE " + table + " CLUSTER ON " + row.getString(17));
              }
              if (row.getBoolean(16)) {
                statements.add(
                    "ALTER TABLE ONLY "
                        + table
                        + " REPLICA IDENTITY USING INDEX "
                        + row.getString(17));
              }
              constraint =
                  scan.add(
                      ObjectKind.CONSTRAINT,
                      key,
                      schema,
                      null,
                      statements,
                      List.of(),
                      addresses.toArray(CatalogAddress[]::new));
              if (parentConstraint != null) {
                scan.depends(constraint, new ObjectKey(ObjectKind.CONSTRAINT, parentConstraint));
              }
            }
          }
          scan.depends(constraint, tableKey);
        });
  }
}
