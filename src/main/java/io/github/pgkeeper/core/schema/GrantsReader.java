package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grants on tables (column grants included), views, sequences, functions, procedures,
 * aggregates, types, domains and schemas: one ACL object per object whose privileges are not the
 * ones it is created with, holding the REVOKE and GRANT statements that make them so. Each grantee
 * and grantor is recorded as a role the restore needs.
 *
 * <p>What an object starts with is {@code acldefault} for its owner, and for objects that come with
 * the database ({@code public}) their initial privileges ({@code pg_init_privs}) too: privileges
 * equal to those need no statement.
 */
final class GrantsReader implements ObjectReader {
  private static final String OBJECTS =
      "WITH objects AS ("
          + " SELECT 'pg_class' AS catalog, c.oid, n.nspname AS schema,"
          + " CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END"
          + " || c.oid::pg_catalog.regclass::text AS target, c.relowner AS owner, c.relacl AS acl,"
          + " CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END AS type, NULL::text AS col"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY(?)"
          + " AND c.relacl IS NOT NULL"
          + " UNION ALL SELECT 'pg_class', c.oid, n.nspname,"
          + " 'TABLE ' || c.oid::pg_catalog.regclass::text, c.relowner, a.attacl, 'c',"
          + " pg_catalog.quote_ident(a.attname)"
          + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY(?)"
          + " AND a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped"
          + " UNION ALL SELECT 'pg_proc', p.oid, n.nspname,"
          + " CASE WHEN p.prokind = 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END"
          + " || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)"
          + " || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', p.proowner, p.proacl,"
          + " 'f', NULL"
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE n.nspname = ANY(?) AND p.proacl IS NOT NULL"
          + " UNION ALL SELECT 'pg_type', t.oid, n.nspname,"
          + " CASE WHEN t.typtype = 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END"
          + " || pg_catalog.format_type(t.oid, NULL), t.typowner, t.typacl, 'T', NULL"
          + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " WHERE n.nspname = ANY(?) AND t.typacl IS NOT NULL"
          + " UNION ALL SELECT 'pg_namespace', n.oid, n.nspname,"
          + " 'SCHEMA ' || pg_catalog.quote_ident(n.nspname), n.nspowner, n.nspacl, 'n', NULL"
          + " FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY(?) AND n.nspacl IS NOT NULL),"
          + " items AS ("
          + " SELECT o.*, 'actual' AS source, x.* FROM objects o,"
          + " pg_catalog.aclexplode(o.acl) x"
          + " UNION ALL SELECT o.*, 'default', x.* FROM objects o,"
          + " pg_catalog.aclexplode(pg_catalog.acldefault(o.type::\"char\", o.owner)) x"
          + " WHERE o.col IS NULL"
          + " UNION ALL SELECT o.*, 'initial', x.* FROM objects o"
          + " JOIN pg_catalog.pg_init_privs i ON i.classoid = o.catalog::pg_catalog.regclass"
          + " AND i.objoid = o.oid AND i.objsubid = 0,"
          + " pg_catalog.aclexplode(i.initprivs) x WHERE o.col IS NULL)"
          + " SELECT catalog, oid::bigint, schema, target, pg_catalog.pg_get_userbyid(owner),"
          + " col, source, pg_catalog.pg_get_userbyid(grantor),"
          + " CASE WHEN grantee = 0 THEN 'PUBLIC'"
          + " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(grantee)) END,"
          + " privilege_type, is_grantable, pg_catalog.pg_get_userbyid(grantee), grantee = 0"
          + " FROM items ORDER BY catalog, oid, col NULLS FIRST, source,"
          + " pg_catalog.array_position(ARRAY['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE',"
          + " 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'EXECUTE', 'USAGE', 'CREATE', 'TEMPORARY',"
          + " 'CONNECT', 'SET', 'ALTER SYSTEM'], privilege_type), grantor, grantee";

  /** The privileges of one object as read. */
  private static final class Acl {
    final CatalogAddress address;
    final String schema;
    final String target;
    final String owner;
    final List<AclDifference.Item> actual = new ArrayList<>();
    final List<AclDifference.Item> defaults = new ArrayList<>();
    final List<AclDifference.Item> initial = new ArrayList<>();
    final List<AclDifference.Item> columns = new ArrayList<>();

    Acl(CatalogAddress address, String schema, String target, String owner) {
      this.address = address;
      this.schema = schema;
      this.target = target;
      this.owner = owner;
    }

    /** Whether the object's own privileges are other than those it is created or found with. */
    boolean objectDiffers() {
      Set<AclDifference.Item> now = new HashSet<>(actual);
      return !actual.isEmpty()
          && !now.equals(new HashSet<>(defaults))
          && (initial.isEmpty() || !now.equals(new HashSet<>(initial)));
    }

    /** What the object may start with: its defaults, and its initial privileges if any. */
    List<AclDifference.Item> start() {
      Set<AclDifference.Item> start = new LinkedHashSet<>(defaults);
      start.addAll(initial);
      return List.copyOf(start);
    }
  }

  @Override
  public void read(CatalogScan scan) throws SQLException {
    Map<CatalogAddress, Acl> acls = new LinkedHashMap<>();
    CatalogQuery.each(
        scan,
        OBJECTS,
        row -> {
          CatalogAddress address = new CatalogAddress(row.getString(1), row.getLong(2));
          String owner = SchemaObject.quote(row.getString(5));
          String schema = row.getString(3);
          String target = row.getString(4);
          Acl acl = acls.computeIfAbsent(address, a -> new Acl(a, schema, target, owner));
          String column = row.getString(6);
          AclDifference.Item item =
              new AclDifference.Item(
                  SchemaObject.quote(row.getString(8)),
                  row.getString(9),
                  row.getString(10),
                  row.getBoolean(11),
                  column);
          switch (row.getString(7)) {
            case "actual" -> (column == null ? acl.actual : acl.columns).add(item);
            case "default" -> acl.defaults.add(item);
            default -> acl.initial.add(item);
          }
          if ("actual".equals(row.getString(7))) {
            if (!row.getBoolean(13)) {
              scan.role(row.getString(12));
            }
            scan.role(row.getString(8));
          }
        });
    for (Acl acl : acls.values()) {
      record(scan, acl);
    }
  }

  private static void record(CatalogScan scan, Acl acl) {
    boolean differs = acl.objectDiffers();
    if (!differs && acl.columns.isEmpty()) {
      return;
    }
    ObjectKey object = scan.objectAt(acl.address);
    if (object == null) {
      scan.warn(
          "ACL "
              + acl.target
              + ": its grants are not reproduced, because "
              + acl.target
              + " itself is not (an object of an extension, or of a kind named in another"
              + " warning)");
      return;
    }
    List<AclDifference.Item> actual = new ArrayList<>(differs ? acl.actual : List.of());
    actual.addAll(acl.columns);
    List<String> warnings = new ArrayList<>();
    List<String> statements =
        AclDifference.statements(
            acl.target,
            acl.owner,
            new AclDifference.Spelling("", acl.target),
            differs ? acl.start() : List.of(),
            actual,
            warnings);
    warnings.forEach(scan::warn);
    if (statements.isEmpty()) {
      return;
    }
    ObjectKey key = scan.add(ObjectKind.ACL, acl.target, acl.schema, null, statements, List.of());
    scan.depends(key, object);
  }
}
