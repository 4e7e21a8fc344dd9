package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.List;

/**
 * Sequences with their options, and {@code ALTER SEQUENCE … OWNED BY} for those a serial column
 * owns. The sequence of an identity column is no object of its own: the column's identity clause
 * recreates it with its name and options. Values are not part of the schema: a backup stores them
 * with the rows, and a restore sets them last.
 */
final class SequencesReader implements ObjectReader {
  private static final String SEQUENCES =
      "SELECT c.oid::bigint, n.nspname, c.oid::pg_catalog.regclass::text,"
          + " pg_catalog.pg_get_userbyid(c.relowner), c.relpersistence = 'u',"
          + " pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,"
          + " s.seqmax, s.seqcache, s.seqcycle,"
          + " o.refobjid::pg_catalog.regclass::text, pg_catalog.quote_ident(a.attname)"
          + " FROM pg_catalog.pg_sequence s"
          + " JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_depend o"
          + " ON o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND o.objid = c.oid"
          + " AND o.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          + " AND o.refobjsubid > 0 AND o.deptype IN ('a', 'i')"
          + " LEFT JOIN pg_catalog.pg_attribute a"
          + " ON a.attrelid = o.refobjid AND a.attnum = o.refobjsubid"
          + " WHERE n.nspname = ANY(?) AND o.deptype IS DISTINCT FROM 'i' AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY c.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        SEQUENCES,
        row -> {
          String name = row.getString(3);
          String schema = row.getString(2);
          String create =
              "CREATE "
                  + (row.getBoolean(5) ? "UNLOGGED " : "")
                  + "SEQUENCE "
                  + name
                  + " AS "
                  + row.getString(6)
                  + options(
                      row.getLong(7),
                      row.getLong(8),
                      row.getLong(9),
                      row.getLong(10),
                      row.getLong(11),
                      row.getBoolean(12));
          ObjectKey sequence =
              scan.add(
                  ObjectKind.SEQUENCE,
                  name,
                  schema,
                  row.getString(4),
                  List.of(create),
                  List.of(),
                  new CatalogAddress("pg_class", row.getLong(1)));
          String table = row.getString(13);
          if (table == null) {
            return;
          }
          ObjectKey ownedBy =
              scan.add(
                  ObjectKind.SEQUENCE_OWNED_BY,
                  name,
                  schema,
                  null,
                  List.of(
                      "ALTER SEQUENCE " + name + " OWNED BY " + table + "." + row.getString(14)),
                  List.of());
          scan.depends(ownedBy, sequence);
          scan.depends(ownedBy, new ObjectKey(ObjectKind.TABLE, table));
        });
  }

  /** The options of CREATE SEQUENCE and of an identity column, all spelled out. */
  static String options(long start, long increment, long min, long max, long cache, boolean cycle) {
    return " START WITH "
        + start
        + " INCREMENT BY "
        + increment
        + " MINVALUE "
        + min
        + " MAXVALUE "
        + max
        + " CACHE "
        + cache
        + (cycle ? " CYCLE" : " NO CYCLE");
  }
}
