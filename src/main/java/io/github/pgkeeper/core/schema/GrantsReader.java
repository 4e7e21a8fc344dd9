package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grants on tables (column grants included), views, sequences, functions, procedures,
 * aggregates, types, domains and schemas: one ACL object per object whose privileges are not the
 * ones it is created with, holding the REVOKE and GRANT statements that make them so. Each grantee
 * and grantor is recorded as a role the restore needs.
 *
 * <p>What an object starts with is {@code acldefault} for its owner, and for objects that come with
 * the database ({@code public}) their initial privileges ({@code pg_init_privs}) too: privileges
 * equal to those need no statement. The server compares them, so only the differences travel.
 */
final class GrantsReader implements ObjectReader {
  private static final String OBJECTS =
      "WITH objects AS ("
          + " SELECT 'pg_class' AS catalog, 'pg_catalog.pg_class'::pg_catalog.regclass::oid"
          + " AS classid, c.oid, n.nspname AS schema,"
          + " CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END"
          + " || c.oid::pg_catalog.regclass::text AS target, c.relowner AS owner, c.relacl AS acl,"
          + " CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END AS type, NULL::text AS col"
          + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname = ANY(?)"
          + " AND c.relacl IS NOT NULL"
          + " UNION ALL SELECT 'pg_class', 'pg_catalog.pg_class'::pg_catalog.regclass, c.oid,"
          + " n.nspname,"
          + " 'TABLE ' || c.oid::pg_catalog.regclass::text, c.relowner, a.attacl, 'c',"
          + " pg_catalog.quote_ident(a.attname)"
          + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname = ANY(?)"
          + " AND a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped"
          + " UNION ALL SELECT 'pg_proc', 'pg_catalog.pg_proc'::pg_catalog.regclass, p.oid,"
          + " n.nspname,"
          + " CASE WHEN p.prokind = 'p' THEN 'PROCEDURE ' ELSE 'FUNCTION ' END"
          + " || pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)"
          + " || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')', p.proowner, p.proacl,"
          + " 'f', NULL"
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE n.nspname = ANY(?) AND p.proacl IS NOT NULL"
          + " UNION ALL SELECT 'pg_type', 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid,"
          + " n.nspname,"
          + " CASE WHEN t.typtype = 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END"
          + " || pg_catalog.format_type(t.oid, NULL), t.typowner, t.typacl, 'T', NULL"
          + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " WHERE n.nspname = ANY(?) AND t.typacl IS NOT NULL"
          + " UNION ALL SELECT 'pg_namespace', 'pg_catalog.pg_namespace'::pg_catalog.regclass,"
          + " n.oid, n.nspname,"
          + " 'SCHEMA ' || pg_catalog.quote_ident(n.nspname), n.nspowner, n.nspacl, 'n', NULL"
          + " FROM pg_catalog.pg_namespace n WHERE n.nspname = ANY(?) AND n.nspacl IS NOT NULL),"
          // What the object starts with: its defaults, and for objects that come with the
          // database (public) the initial privileges too. Equal privileges need no statement.
          + " compared AS (SELECT o.*, CASE WHEN o.col IS NULL"
          + " THEN pg_catalog.acldefault(o.type::\"char\", o.owner) END AS def,"
          + " i.initprivs AS init FROM objects o LEFT JOIN pg_catalog.pg_init_privs i"
          + " ON o.col IS NULL AND i.classoid = o.classid AND i.objoid = o.oid"
          + " AND i.objsubid = 0),"
          + " differing AS (SELECT c.*,"
          // aclexplode takes no empty array (it has no dimension): null stands for none.
          + " nullif(coalesce(c.def, '{}') || coalesce(c.init, '{}'), '{}') AS start"
          + " FROM compared c WHERE c.col IS NOT NULL"
          + " OR (NOT (c.acl @> c.def AND c.acl <@ c.def)"
          + " AND (c.init IS NULL OR NOT (c.acl @> c.init AND c.acl <@ c.init)))),"
          // What it has and does not start with is granted; what it starts with and lacks is
          // revoked, or only its grant option.
          + " items AS ("
          + " SELECT d.catalog, d.oid, d.schema, d.target, d.owner, d.col, 'grant' AS action,"
          + " x.grantor, x.grantee, x.privilege_type, x.is_grantable"
          + " FROM differing d, pg_catalog.aclexplode(nullif(d.acl, '{}')) x"
          + " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(d.start) y"
          + " WHERE y.grantor = x.grantor AND y.grantee = x.grantee"
          + " AND y.privilege_type = x.privilege_type AND y.is_grantable = x.is_grantable)"
          + " UNION ALL SELECT d.catalog, d.oid, d.schema, d.target, d.owner, d.col,"
          + " CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.aclexplode(nullif(d.acl, '{}')) x"
          + " WHERE x.grantee = y.grantee AND x.privilege_type = y.privilege_type)"
          + " THEN 'revoke option' ELSE 'revoke' END,"
          + " y.grantor, y.grantee, y.privilege_type, y.is_grantable"
          + " FROM differing d, pg_catalog.aclexplode(d.start) y"
          + " WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.aclexplode(nullif(d.acl, '{}')) x"
          + " WHERE x.grantee = y.grantee AND x.privilege_type = y.privilege_type"
          + " AND (x.is_grantable OR NOT y.is_grantable)))"
          + " SELECT catalog, oid::bigint, schema, target,"
          + " pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(owner)), col, action,"
          + " pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(grantor)),"
          + " CASE WHEN grantee = 0 THEN 'PUBLIC'"
          + " ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(grantee)) END,"
          + " privilege_type, is_grantable, pg_catalog.pg_get_userbyid(grantee), grantee = 0,"
          + " pg_catalog.pg_get_userbyid(grantor) FROM items"
          + " ORDER BY catalog, oid, col NULLS FIRST, action,"
          + " pg_catalog.array_position(ARRAY['INSERT', 'SELECT', 'UPDATE', 'DELETE', 'TRUNCATE',"
          + " 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'EXECUTE', 'USAGE', 'CREATE', 'TEMPORARY',"
          + " 'CONNECT', 'SET', 'ALTER SYSTEM'], privilege_type), grantor, grantee";

  /** The statements one object needs, as read. */
  private static final class Acl {
    final CatalogAddress address;
    final String schema;
    final String target;
    final String owner;
    final List<AclDifference.Revoke> revokes = new ArrayList<>();
    final List<AclDifference.Item> grants = new ArrayList<>();

    Acl(CatalogAddress address, String schema, String target, String owner) {
      this.address = address;
      this.schema = schema;
      this.target = target;
      this.owner = owner;
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
          String owner = row.getString(5);
          String schema = row.getString(3);
          String target = row.getString(4);
          Acl acl = acls.computeIfAbsent(address, a -> new Acl(a, schema, target, owner));
          String action = row.getString(7);
          if (action.equals("grant")) {
            acl.grants.add(
                new AclDifference.Item(
                    row.getString(8),
                    row.getString(9),
                    row.getString(10),
                    row.getBoolean(11),
                    row.getString(6)));
            scan.role(row.getString(14));
          } else {
            acl.revokes.add(
                new AclDifference.Revoke(
                    row.getString(9), row.getString(10), action.equals("revoke option")));
          }
          if (!row.getBoolean(13)) {
            scan.role(row.getString(12));
          }
        });
    for (Acl acl : acls.values()) {
      record(scan, acl);
    }
  }

  private static void record(CatalogScan scan, Acl acl) {
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
    List<String> warnings = new ArrayList<>();
    List<String> statements =
        AclDifference.statements(
            acl.target,
            acl.owner,
            new AclDifference.Spelling("", acl.target),
            acl.revokes,
            acl.grants,
            warnings);
    warnings.forEach(scan::warn);
    ObjectKey key = scan.add(ObjectKind.ACL, acl.target, acl.schema, null, statements, List.of());
    scan.depends(key, object);
  }
}
