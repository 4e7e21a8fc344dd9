package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The indexes no constraint owns, as {@code pg_get_indexdef} prints them, with CLUSTER ON and
 * REPLICA IDENTITY USING INDEX. A partitioned table's index is created on the parent only ({@code
 * ON ONLY}), and each partition's index under its own name, then attached to it, as pg_dump does:
 * creating the parent's index alone would cascade with names of the server's choosing.
 */
final class IndexesReader implements ObjectReader {
  private static final String INDEXES =
      "SELECT ic.oid::bigint, n.nspname, ic.oid::pg_catalog.regclass::text,"
          + " pg_catalog.pg_get_indexdef(ic.oid), x.indisclustered, x.indisreplident,"
          + " c.oid::pg_catalog.regclass::text, pg_catalog.quote_ident(ic.relname),"
          + " (SELECT i.inhparent::pg_catalog.regclass::text FROM pg_catalog.pg_inherits i"
          + " WHERE i.inhrelid = ic.oid),"
          + " x.indisvalid OR ic.relkind = 'I',"
          + " (SELECT pg_catalog.quote_ident(s.spcname) FROM pg_catalog.pg_tablespace s"
          + " WHERE s.oid = ic.reltablespace)"
          + " FROM pg_catalog.pg_index x"
          + " JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid"
          + " JOIN pg_catalog.pg_class c ON c.oid = x.indrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = ic.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY(?)"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k"
          + " WHERE k.conindid = ic.oid AND k.contype IN ('p', 'u', 'x'))"
          + " AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY ic.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        INDEXES,
        row -> {
          String name = row.getString(3);
          String table = row.getString(7);
          if (!row.getBoolean(10)) {
            scan.warn(
                "INDEX "
                    + name
                    + " is invalid (a CREATE INDEX CONCURRENTLY that failed): it is not kept;"
                    + " drop it, or REINDEX it to keep it");
            return;
          }
          if (row.getString(11) != null) {
            scan.warn(Tablespaces.warning("INDEX " + name, row.getString(11)));
          }
          List<String> statements = new ArrayList<>();
          statements.add(row.getString(4));
          String parent = row.getString(9);
          if (parent != null) {
            statements.add("ALTER INDEX " + parent + " ATTACH PARTITION " + name);
          }
          if (row.getBoolean(5)) {
            statements.add("ALTER TABLE " + table + " CLUSTER ON " + row.getString(8));
          }
          if (row.getBoolean(6)) {
            statements.add(
                "ALTER TABLE ONLY " + table + " REPLICA IDENTITY USING INDEX " + row.getString(8));
          }
          ObjectKey index =
              scan.add(
                  ObjectKind.INDEX,
                  name,
                  row.getString(2),
                  null,
                  statements,
                  List.of(),
                  new CatalogAddress("pg_class", row.getLong(1)));
          if (parent != null) {
            scan.depends(index, new ObjectKey(ObjectKind.INDEX, parent));
          }
        });
  }
}
