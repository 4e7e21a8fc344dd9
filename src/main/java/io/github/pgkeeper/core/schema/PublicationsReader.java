package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Publications that publish tables of the read schemas: FOR ALL TABLES ones, and those naming such
 * tables or (PostgreSQL 15+) such schemas. The publication is one object with its options; each of
 * its tables ({@code ADD TABLE ONLY}, with a column list and row filter on 15+) and schemas ({@code
 * ADD TABLES IN SCHEMA}) is another. Tables and schemas outside the read schemas are left out, and
 * named in a warning.
 */
final class PublicationsReader implements ObjectReader {
  @Override
  public void read(CatalogScan scan) throws SQLException {
    boolean fifteen = ReaderSql.serverVersion(scan) >= 15;
    String inSchemas =
        "EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel r"
            + " JOIN pg_catalog.pg_class c ON c.oid = r.prrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE r.prpubid = p.oid AND n.nspname = ANY(?))"
            + (fifteen
                ? " OR EXISTS (SELECT 1 FROM pg_catalog.pg_publication_namespace pn"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid"
                    + " WHERE pn.pnpubid = p.oid AND n.nspname = ANY(?))"
                : "");
    String publications =
        "SELECT p.oid::bigint, pg_catalog.quote_ident(p.pubname),"
            + " pg_catalog.pg_get_userbyid(p.pubowner), p.puballtables,"
            + " pg_catalog.concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END,"
            + " CASE WHEN p.pubupdate THEN 'update' END, CASE WHEN p.pubdelete THEN 'delete' END,"
            + " CASE WHEN p.pubtruncate THEN 'truncate' END),"
            + " pg_catalog.to_jsonb(p) ->> 'pubviaroot', pg_catalog.to_jsonb(p) ->> 'pubgencols'"
            + " FROM pg_catalog.pg_publication p WHERE p.puballtables OR "
            + inSchemas
            + " ORDER BY p.pubname";
    Map<Long, ObjectKey> read = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    CatalogQuery.each(
        scan,
        publications,
        row -> {
          String name = row.getString(2);
          StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(name);
          if (row.getBoolean(4)) {
            sql.append(" FOR ALL TABLES");
          }
          sql.append(" WITH (publish = ").append(ReaderSql.literal(row.getString(5)));
          if (row.getString(6) != null) {
            sql.append(", publish_via_partition_root = ").append(row.getString(6));
          }
          if (row.getString(7) != null) {
            sql.append(", publish_generated_columns = ")
                .append("s".equals(row.getString(7)) ? "stored" : "none");
          }
          sql.append(')');
          long oid = row.getLong(1);
          names.put(oid, name);
          read.put(
              oid,
              scan.add(
                  ObjectKind.PUBLICATION,
                  name,
                  null,
                  row.getString(3),
                  List.of(sql.toString()),
                  List.of(),
                  new CatalogAddress("pg_publication", oid)));
        });
    if (read.isEmpty()) {
      return;
    }
    Map<Long, TreeSet<String>> outside = new LinkedHashMap<>();
    readTables(scan, fifteen, read, names, outside);
    if (fifteen) {
      readSchemas(scan, read, names, outside);
    }
    outside.forEach(
        (oid, what) ->
            scan.warn(
                "PUBLICATION "
                    + names.get(oid)
                    + " also publishes "
                    + String.join(", ", what)
                    + ", outside the read schemas: left out"));
  }

  private static void readTables(
      CatalogScan scan,
      boolean fifteen,
      Map<Long, ObjectKey> read,
      Map<Long, String> names,
      Map<Long, TreeSet<String>> outside)
      throws SQLException {
    String sql =
        "SELECT r.oid::bigint, r.prpubid::bigint, c.oid::bigint,"
            + " c.oid::pg_catalog.regclass::text, n.nspname, n.nspname = ANY(?),"
            + (fifteen
                ? " pg_catalog.pg_get_expr(r.prqual, r.prrelid),"
                    + " (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', '"
                    + " ORDER BY k.position) FROM pg_catalog.unnest(r.prattrs::int2[])"
                    + " WITH ORDINALITY AS k(attnum, position)"
                    + " JOIN pg_catalog.pg_attribute a ON a.attrelid = r.prrelid"
                    + " AND a.attnum = k.attnum)"
                : " NULL, NULL")
            + " FROM pg_catalog.pg_publication_rel r"
            + " JOIN pg_catalog.pg_class c ON c.oid = r.prrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
            + " ORDER BY 4";
    CatalogQuery.each(
        scan,
        sql,
        row -> {
          long publication = row.getLong(2);
          ObjectKey owner = read.get(publication);
          if (owner == null) {
            return;
          }
          String table = row.getString(4);
          if (!row.getBoolean(6)) {
            outside.computeIfAbsent(publication, k -> new TreeSet<>()).add("TABLE " + table);
            return;
          }
          StringBuilder statement =
              new StringBuilder("ALTER PUBLICATION ")
                  .append(names.get(publication))
                  .append(" ADD TABLE ONLY ")
                  .append(table);
          if (row.getString(8) != null) {
            statement.append(" (").append(row.getString(8)).append(')');
          }
          if (row.getString(7) != null) {
            statement.append(" WHERE (").append(row.getString(7)).append(')');
          }
          ObjectKey member =
              scan.add(
                  ObjectKind.PUBLICATION_TABLE,
                  table + " IN PUBLICATION " + names.get(publication),
                  row.getString(5),
                  null,
                  List.of(statement.toString()),
                  List.of(),
                  new CatalogAddress("pg_publication_rel", row.getLong(1)));
          scan.depends(member, owner);
          ObjectKey tableObject = scan.objectAt(new CatalogAddress("pg_class", row.getLong(3)));
          if (tableObject != null) {
            scan.depends(member, tableObject);
          }
        });
  }

  private static void readSchemas(
      CatalogScan scan,
      Map<Long, ObjectKey> read,
      Map<Long, String> names,
      Map<Long, TreeSet<String>> outside)
      throws SQLException {
    String sql =
        "SELECT pn.oid::bigint, pn.pnpubid::bigint, n.nspname,"
            + " pg_catalog.quote_ident(n.nspname), n.nspname = ANY(?)"
            + " FROM pg_catalog.pg_publication_namespace pn"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = pn.pnnspid ORDER BY 3";
    CatalogQuery.each(
        scan,
        sql,
        row -> {
          long publication = row.getLong(2);
          ObjectKey owner = read.get(publication);
          if (owner == null) {
            return;
          }
          String schema = row.getString(4);
          if (!row.getBoolean(5)) {
            outside
                .computeIfAbsent(publication, k -> new TreeSet<>())
                .add("TABLES IN SCHEMA " + schema);
            return;
          }
          ObjectKey member =
              scan.add(
                  ObjectKind.PUBLICATION_TABLE,
                  "TABLES IN SCHEMA " + schema + " IN PUBLICATION " + names.get(publication),
                  row.getString(3),
                  null,
                  List.of(
                      "ALTER PUBLICATION "
                          + names.get(publication)
                          + " ADD TABLES IN SCHEMA "
                          + schema),
                  List.of(),
                  new CatalogAddress("pg_publication_namespace", row.getLong(1)));
          scan.depends(member, owner);
        });
  }
}
