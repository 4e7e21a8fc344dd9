package io.github.pgkeeper.core.schema;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables and partitioned tables with their columns, as pg_dump writes them: each table on its own
 * (a partition too, attached to its parent after, which keeps its own column order), an inheritance
 * child with its local columns only; then each column default as an object of its own (a default
 * calling a function waits for the function), and ENABLE / FORCE ROW LEVEL SECURITY. Constraints
 * and indexes are {@link ConstraintsReader}'s and {@link IndexesReader}'s.
 */
final class TablesReader implements ObjectReader {
  private static final String TABLES =
      "SELECT c.oid::bigint, n.nspname, c.oid::pg_catalog.regclass::text,"
          + " pg_catalog.pg_get_userbyid(c.relowner), c.relpersistence = 'u',"
          + " CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
          + " CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,"
          + " (SELECT pg_catalog.array_agg(i.inhparent::pg_catalog.regclass::text"
          + " ORDER BY i.inhseqno) FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid),"
          + " (SELECT pg_catalog.array_agg(i.inhrelid::pg_catalog.regclass::text)"
          + " FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid),"
          + " CASE WHEN c.reloftype <> 0 THEN pg_catalog.format_type(c.reloftype, NULL) END,"
          + " c.relreplident, c.relrowsecurity, c.relforcerowsecurity,"
          + " pg_catalog.concat_ws(', ', "
          + CatalogQuery.optionList("c.reloptions", "")
          + ", "
          + CatalogQuery.optionList("t.reloptions", "toast.")
          + "), c.reltype::bigint, rt.typarray::bigint,"
          + " (SELECT pg_catalog.quote_ident(am.amname) FROM pg_catalog.pg_am am"
          + " WHERE am.oid = c.relam AND am.amname <> 'heap'),"
          + " (SELECT pg_catalog.quote_ident(s.spcname) FROM pg_catalog.pg_tablespace s"
          + " WHERE s.oid = c.reltablespace)"
          + " FROM pg_catalog.pg_class c"
          + " LEFT JOIN pg_catalog.pg_type rt ON rt.oid = c.reltype"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid"
          + " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY c.oid";

  private static final String COLUMNS =
      "SELECT a.attrelid::bigint, pg_catalog.quote_ident(a.attname),"
          + " pg_catalog.format_type(a.atttypid, a.atttypmod),"
          + " CASE WHEN a.attcollation <> t.typcollation"
          + " THEN a.attcollation::pg_catalog.regcollation::text END,"
          + " a.attnotnull, a.attislocal,"
          // Subqueries only where they can matter (an inherited column; options set): at 20,000
          // columns, running them for every row cost a fifth of the query.
          + " a.attinhcount > 0 AND EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i"
          + " JOIN pg_catalog.pg_attribute p ON p.attrelid = i.inhparent AND p.attname = a.attname"
          + " WHERE i.inhrelid = a.attrelid AND p.attnotnull),"
          + " CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END,"
          + " CASE a.attgenerated WHEN 's' THEN 'STORED' WHEN 'v' THEN 'VIRTUAL' END,"
          + " d.oid::bigint, pg_catalog.pg_get_expr(d.adbin, d.adrelid),"
          + " CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END,"
          + " CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,"
          + " CASE WHEN a.attoptions IS NOT NULL THEN "
          + CatalogQuery.optionList("a.attoptions", "")
          + " END, CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END,"
          + " s.seqrelid::pg_catalog.regclass::text, s.seqstart, s.seqincrement, s.seqmin,"
          + " s.seqmax, s.seqcache, s.seqcycle, coalesce(s.seqrelid, 0)::bigint"
          + " FROM pg_catalog.pg_attribute a"
          + " JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
          + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          + " LEFT JOIN pg_catalog.pg_depend sd ON a.attidentity <> ''"
          + " AND sd.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass"
          + " AND sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum"
          + " AND sd.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND sd.deptype = 'i'"
          + " LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = sd.objid"
          + " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(?) AND a.attnum > 0"
          + " AND NOT a.attisdropped AND "
          + CatalogScan.notInExtension("pg_class", "c.oid")
          + " ORDER BY a.attrelid, a.attnum";

  /** One column as the catalog has it. */
  private record Column(
      String name,
      String type,
      String collation,
      boolean notNull,
      boolean local,
      boolean parentNotNull,
      String identity,
      String generated,
      long defaultOid,
      String expression,
      String storage,
      Integer statistics,
      String options,
      String compression,
      String identitySequence,
      long identitySequenceOid) {

    /** What a diff compares: the column as CREATE TABLE would define it on its own. */
    String definition() {
      return definition(true);
    }

    /**
     * What follows the name in CREATE TABLE.
     *
     * @param withIdentity false for a partition's column whose identity is its parent's (it has no
     *     sequence of its own, and attaching the partition makes it an identity column)
     */
    String definition(boolean withIdentity) {
      StringBuilder sql = new StringBuilder(type);
      if (compression != null) {
        sql.append(" COMPRESSION ").append(compression);
      }
      if (collation != null) {
        sql.append(" COLLATE ").append(collation);
      }
      if (generated != null) {
        sql.append(" GENERATED ALWAYS AS (").append(expression).append(") ").append(generated);
      }
      if (identity != null && (withIdentity || identitySequence != null)) {
        sql.append(" GENERATED ").append(identity).append(" AS IDENTITY");
        if (identitySequence != null) {
          sql.append(" (").append(identitySequence).append(')');
        }
      }
      if (notNull) {
        sql.append(" NOT NULL");
      }
      return sql.toString();
    }
  }

  @Override
  public void read(CatalogScan scan) throws SQLException {
    Map<Long, List<Column>> columns = readColumns(scan);
    CatalogQuery.each(scan, TABLES, row -> readTable(scan, row, columns));
  }

  private static Map<Long, List<Column>> readColumns(CatalogScan scan) throws SQLException {
    Map<Long, List<Column>> columns = new HashMap<>();
    CatalogQuery.each(
        scan,
        COLUMNS,
        row -> {
          String sequence = row.getString(16);
          String identitySequence =
              sequence == null
                  ? null
                  : "SEQUENCE NAME "
                      + sequence
                      + SequencesReader.options(
                          row.getLong(17),
                          row.getLong(18),
                          row.getLong(19),
                          row.getLong(20),
                          row.getLong(21),
                          row.getBoolean(22));
          Column column =
              new Column(
                  row.getString(2),
                  row.getString(3),
                  row.getString(4),
                  row.getBoolean(5),
                  row.getBoolean(6),
                  row.getBoolean(7),
                  row.getString(8),
                  row.getString(9),
                  row.getLong(10),
                  row.getString(11),
                  row.getString(12),
                  (Integer) row.getObject(13),
                  row.getString(14),
                  row.getString(15),
                  identitySequence,
                  row.getLong(23));
          columns.computeIfAbsent(row.getLong(1), k -> new ArrayList<>()).add(column);
        });
    return columns;
  }

  private static void readTable(CatalogScan scan, ResultSet row, Map<Long, List<Column>> all)
      throws SQLException {
    long oid = row.getLong(1);
    String schema = row.getString(2);
    String name = row.getString(3);
    boolean unlogged = row.getBoolean(5);
    String partitionKey = row.getString(6);
    String bound = row.getString(7);
    List<String> parents = strings(row.getArray(8));
    List<String> children = strings(row.getArray(9));
    String ofType = row.getString(10);
    String replicaIdentity = row.getString(11);
    String options = row.getString(14);
    List<Column> columns = all.getOrDefault(oid, List.of());

    boolean partition = bound != null;
    // An inheritance child gets its inherited columns from its parents; a partition is created
    // whole and attached, so that its columns keep their own order.
    boolean inheritsColumns = !partition && !parents.isEmpty();
    List<String> definitions = new ArrayList<>();
    List<String> after = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    String alterOnly = "ALTER TABLE ONLY " + name + " ALTER COLUMN ";
    for (Column column : columns) {
      parts.add(new Part(column.name(), column.definition()));
      if (ofType != null) {
        if (column.notNull()) {
          definitions.add(column.name() + " WITH OPTIONS NOT NULL");
        }
      } else if (!inheritsColumns || column.local()) {
        definitions.add(column.name() + " " + column.definition(!partition));
      } else if (column.notNull() && !column.parentNotNull()) {
        after.add(alterOnly + column.name() + " SET NOT NULL");
      }
      if (column.storage() != null) {
        after.add(alterOnly + column.name() + " SET STORAGE " + storage(column.storage()));
      }
      if (column.statistics() != null) {
        after.add(alterOnly + column.name() + " SET STATISTICS " + column.statistics());
      }
      if (column.options() != null) {
        after.add(alterOnly + column.name() + " SET (" + column.options() + ")");
      }
    }

    StringBuilder create = new StringBuilder("CREATE ");
    create.append(unlogged ? "UNLOGGED " : "").append("TABLE ").append(name);
    if (ofType != null) {
      create.append(" OF ").append(ofType);
    }
    if (ofType == null || !definitions.isEmpty()) {
      create.append(" (").append(String.join(", ", definitions)).append(')');
    }
    if (inheritsColumns) {
      create.append(" INHERITS (").append(String.join(", ", parents)).append(')');
    }
    if (partitionKey != null) {
      create.append(" PARTITION BY ").append(partitionKey);
    }
    if (row.getString(17) != null) {
      create.append(" USING ").append(row.getString(17));
    }
    if (options != null && !options.isEmpty()) {
      create.append(" WITH (").append(options).append(')');
    }
    if (row.getString(18) != null) {
      scan.warn(Tablespaces.warning("TABLE " + name, row.getString(18)));
    }
    List<String> statements = new ArrayList<>();
    statements.add(create.toString());
    if (partition) {
      statements.add(
          "ALTER TABLE ONLY " + parents.get(0) + " ATTACH PARTITION " + name + " " + bound);
    }
    statements.addAll(after);
    if (replicaIdentity.equals("n") || replicaIdentity.equals("f")) {
      statements.add(
          "ALTER TABLE ONLY "
              + name
              + " REPLICA IDENTITY "
              + (replicaIdentity.equals("n") ? "NOTHING" : "FULL"));
    }
    List<CatalogAddress> addresses = new ArrayList<>();
    addresses.add(new CatalogAddress("pg_class", oid));
    // what uses its row type or an array of it
    addresses.add(new CatalogAddress("pg_type", row.getLong(15)));
    addresses.add(new CatalogAddress("pg_type", row.getLong(16)));
    for (Column column : columns) {
      if (column.identitySequenceOid() != 0) {
        // a comment or grant on an identity column's sequence needs the table
        addresses.add(new CatalogAddress("pg_class", column.identitySequenceOid()));
      }
    }
    ObjectKey table =
        scan.add(
            ObjectKind.TABLE,
            name,
            schema,
            row.getString(4),
            statements,
            parts,
            addresses.toArray(CatalogAddress[]::new));

    addDefaults(scan, table, schema, columns, children);
    addRowSecurity(scan, table, schema, row.getBoolean(12), row.getBoolean(13));
  }

  /**
   * Each column default as an object of its own, so that one calling a function waits for it. A
   * child created after its parent's default would copy it: the parent's defaults wait for them.
   */
  private static void addDefaults(
      CatalogScan scan,
      ObjectKey table,
      String schema,
      List<Column> columns,
      List<String> children) {
    for (Column column : columns) {
      if (column.defaultOid() == 0 || column.generated() != null) {
        continue;
      }
      ObjectKey columnDefault =
          scan.add(
              ObjectKind.DEFAULT,
              table.name() + "." + column.name(),
              schema,
              null,
              List.of(
                  "ALTER TABLE ONLY "
                      + table.name()
                      + " ALTER COLUMN "
                      + column.name()
                      + " SET DEFAULT "
                      + column.expression()),
              List.of(),
              new CatalogAddress("pg_attrdef", column.defaultOid()));
      scan.depends(columnDefault, table);
      for (String child : children) {
        scan.depends(columnDefault, new ObjectKey(ObjectKind.TABLE, child));
      }
    }
  }

  private static void addRowSecurity(
      CatalogScan scan, ObjectKey table, String schema, boolean enabled, boolean forced) {
    if (!enabled && !forced) {
      return;
    }
    List<String> statements = new ArrayList<>();
    if (enabled) {
      statements.add("ALTER TABLE " + table.name() + " ENABLE ROW LEVEL SECURITY");
    }
    if (forced) {
      statements.add("ALTER TABLE " + table.name() + " FORCE ROW LEVEL SECURITY");
    }
    ObjectKey key =
        scan.add(ObjectKind.ROW_SECURITY, table.name(), schema, null, statements, List.of());
    scan.depends(key, table);
  }

  private static String storage(String code) {
    return switch (code) {
      case "p" -> "PLAIN";
      case "e" -> "EXTERNAL";
      case "m" -> "MAIN";
      default -> "EXTENDED";
    };
  }

  static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return List.of((String[]) array.getArray());
  }
}
