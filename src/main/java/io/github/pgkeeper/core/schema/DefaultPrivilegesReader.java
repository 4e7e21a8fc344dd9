package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Default privileges ({@code ALTER DEFAULT PRIVILEGES}): those set in the read schemas, and the
 * global ones of the roles that own objects there. A schema's entry only adds to the global
 * defaults, so it is all GRANTs; a global entry may also take away what PostgreSQL grants by
 * default (EXECUTE on functions to PUBLIC), which becomes a REVOKE. They come last in a restore, so
 * that they do not change the privileges of the objects it creates.
 */
final class DefaultPrivilegesReader implements ObjectReader {
  private static final String ENTRIES =
      "WITH owners AS ("
          + " SELECT c.relowner AS role FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(?)"
          + " UNION SELECT p.proowner FROM pg_catalog.pg_proc p"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY(?)"
          + " UNION SELECT t.typowner FROM pg_catalog.pg_type t"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ANY(?)"
          + " UNION SELECT n.nspowner FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY(?)),"
          + " entries AS ("
          + " SELECT d.oid, d.defaclrole, n.nspname, d.defaclobjtype, d.defaclacl"
          + " FROM pg_catalog.pg_default_acl d"
          + " LEFT JOIN pg_catalog.pg_namespace n ON n.oid = d.defaclnamespace"
          + " WHERE n.nspname = ANY(?)"
          + " OR (d.defaclnamespace = 0 AND d.defaclrole IN (SELECT role FROM owners))),"
          + " items AS ("
          + " SELECT e.*, 'actual' AS source, x.* FROM entries e,"
          + " pg_catalog.aclexplode(e.defaclacl) x"
          + " UNION ALL SELECT e.*, 'default', x.* FROM entries e,"
          + " pg_catalog.aclexplode(pg_catalog.acldefault(CASE e.defaclobjtype"
          + " WHEN 'S' THEN 's' ELSE e.defaclobjtype END, e.defaclrole)) x"
          + " WHERE e.nspname IS NULL)"
          + " SELECT oid::bigint, pg_catalog.pg_get_userbyid(defaclrole), nspname,"
          + " CASE defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES'"
          + " WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS'"
          + " WHEN 'L' THEN 'LARGE OBJECTS' END, source, pg_catalog.pg_get_userbyid(grantor),"
          + " CASE WHEN grantee = 0 THEN 'PUBLIC'"
          + " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(grantee)) END,"
          + " privilege_type, is_grantable, pg_catalog.pg_get_userbyid(grantee), grantee = 0"
          + " FROM items ORDER BY 2, 3 NULLS FIRST, 4, source,"
          + " pg_catalog.array_position(ARRAY['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE',"
          + " 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'EXECUTE', 'USAGE', 'CREATE'], privilege_type),"
          + " grantee";

  /** One row of pg_default_acl as read. */
  private record Entry(
      long oid,
      String role,
      String schema,
      String objects,
      List<AclDifference.Item> actual,
      List<AclDifference.Item> defaults) {}

  @Override
  public void read(CatalogScan scan) throws SQLException {
    Map<Long, Entry> entries = new LinkedHashMap<>();
    CatalogQuery.each(
        scan,
        ENTRIES,
        row -> {
          long oid = row.getLong(1);
          String role = row.getString(2);
          String schema = row.getString(3);
          String objects = row.getString(4);
          Entry entry =
              entries.computeIfAbsent(
                  oid,
                  k -> new Entry(k, role, schema, objects, new ArrayList<>(), new ArrayList<>()));
          // The grantor of a default privilege is its role: compare without it.
          AclDifference.Item item =
              new AclDifference.Item(
                  "", row.getString(7), row.getString(8), row.getBoolean(9), null);
          if ("actual".equals(row.getString(5))) {
            entry.actual().add(item);
            if (!row.getBoolean(11)) {
              scan.role(row.getString(10));
            }
          } else {
            entry.defaults().add(item);
          }
        });
    for (Entry entry : entries.values()) {
      String role = SchemaObject.quote(entry.role());
      String inSchema =
          entry.schema() == null ? "" : " IN SCHEMA " + SchemaObject.quote(entry.schema());
      String name = "FOR ROLE " + role + inSchema + " ON " + entry.objects();
      List<String> warnings = new ArrayList<>();
      List<String> statements =
          AclDifference.statements(
              name,
              "",
              new AclDifference.Spelling(
                  "ALTER DEFAULT PRIVILEGES FOR ROLE " + role + inSchema + " ", entry.objects()),
              AclDifference.revokes(entry.defaults(), entry.actual()),
              AclDifference.grants(entry.defaults(), entry.actual()),
              warnings);
      warnings.forEach(scan::warn);
      scan.role(entry.role());
      if (!statements.isEmpty()) {
        scan.add(
            ObjectKind.DEFAULT_ACL,
            name,
            entry.schema(),
            null,
            statements,
            List.of(),
            new CatalogAddress("pg_default_acl", entry.oid()));
      }
    }
  }
}
