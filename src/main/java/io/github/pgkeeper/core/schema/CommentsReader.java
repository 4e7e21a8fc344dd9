package io.github.pgkeeper.core.schema;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;

/**
 * Comments on everything the model holds: one COMMENT object per comment, named as {@code COMMENT
 * ON} names its object ({@code TABLE public.orders}, {@code COLUMN public.orders.total}, {@code
 * CONSTRAINT positive ON DOMAIN public.amount}), created after that object. A comment on an object
 * the model does not hold is named in a warning; comments on members of extensions come back with
 * the extension.
 */
final class CommentsReader implements ObjectReader {
  private static final String COMMENTS =
      "SELECT d.classoid::pg_catalog.regclass::text, d.objoid::bigint,"
          + " pg_catalog.quote_literal(d.description),"
          + " CASE d.classoid"
          + " WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT CASE"
          + " WHEN d.objsubid <> 0 THEN 'COLUMN ' || c.oid::pg_catalog.regclass::text || '.'"
          + " || pg_catalog.quote_ident(a.attname)"
          + " ELSE CASE c.relkind WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN 'MATERIALIZED VIEW '"
          + " WHEN 'S' THEN 'SEQUENCE ' WHEN 'f' THEN 'FOREIGN TABLE ' WHEN 'i' THEN 'INDEX '"
          + " WHEN 'I' THEN 'INDEX ' WHEN 'c' THEN 'TYPE ' ELSE 'TABLE ' END"
          + " || c.oid::pg_catalog.regclass::text END"
          + " FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_attribute a"
          + " ON a.attrelid = c.oid AND a.attnum = d.objsubid WHERE c.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT CASE p.prokind"
          + " WHEN 'p' THEN 'PROCEDURE ' WHEN 'a' THEN 'AGGREGATE ' ELSE 'FUNCTION ' END || "
          + RoutinesReader.NAME
          + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
          + " WHERE p.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT CASE"
          + " WHEN t.typtype = 'd' THEN 'DOMAIN ' ELSE 'TYPE ' END"
          + " || pg_catalog.format_type(t.oid, NULL) FROM pg_catalog.pg_type t"
          + " WHERE t.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN (SELECT 'CONSTRAINT '"
          + " || pg_catalog.quote_ident(co.conname) || ' ON ' || CASE WHEN co.conrelid <> 0"
          + " THEN co.conrelid::pg_catalog.regclass::text"
          + " ELSE 'DOMAIN ' || pg_catalog.format_type(co.contypid, NULL) END"
          + " FROM pg_catalog.pg_constraint co WHERE co.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (SELECT 'TRIGGER '"
          + " || pg_catalog.quote_ident(tg.tgname) || ' ON '"
          + " || tg.tgrelid::pg_catalog.regclass::text FROM pg_catalog.pg_trigger tg"
          + " WHERE tg.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT 'RULE '"
          + " || pg_catalog.quote_ident(r.rulename) || ' ON '"
          + " || r.ev_class::pg_catalog.regclass::text FROM pg_catalog.pg_rewrite r"
          + " WHERE r.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (SELECT 'POLICY '"
          + " || pg_catalog.quote_ident(po.polname) || ' ON '"
          + " || po.polrelid::pg_catalog.regclass::text FROM pg_catalog.pg_policy po"
          + " WHERE po.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN (SELECT 'SCHEMA '"
          + " || pg_catalog.quote_ident(s.nspname) FROM pg_catalog.pg_namespace s"
          + " WHERE s.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_extension'::pg_catalog.regclass THEN (SELECT 'EXTENSION '"
          + " || pg_catalog.quote_ident(x.extname) FROM pg_catalog.pg_extension x"
          + " WHERE x.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_collation'::pg_catalog.regclass THEN (SELECT 'COLLATION '"
          + " || pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(cl.collname)"
          + " FROM pg_catalog.pg_collation cl JOIN pg_catalog.pg_namespace cn"
          + " ON cn.oid = cl.collnamespace WHERE cl.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass THEN (SELECT 'STATISTICS '"
          + " || pg_catalog.quote_ident(sn.nspname) || '.' || pg_catalog.quote_ident(st.stxname)"
          + " FROM pg_catalog.pg_statistic_ext st JOIN pg_catalog.pg_namespace sn"
          + " ON sn.oid = st.stxnamespace WHERE st.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_publication'::pg_catalog.regclass THEN (SELECT 'PUBLICATION '"
          + " || pg_catalog.quote_ident(pu.pubname) FROM pg_catalog.pg_publication pu"
          + " WHERE pu.oid = d.objoid)"
          + " END,"
          + " CASE WHEN d.classoid <> 'pg_catalog.pg_namespace'::pg_catalog.regclass"
          + " THEN ns.nspname END, o.type || ' ' || o.identity,"
          + " d.classoid IN ('pg_catalog.pg_extension'::pg_catalog.regclass,"
          + " 'pg_catalog.pg_publication'::pg_catalog.regclass),"
          // An object folded into another (the index of a primary key, a composite type's
          // pg_class row) is found through the one it belongs to.
          + " (SELECT pg_catalog.array_agg(i.refclassid::pg_catalog.regclass::text || ' '"
          + " || i.refobjid) FROM pg_catalog.pg_depend i WHERE i.classid = d.classoid"
          + " AND i.objid = d.objoid AND i.objsubid = 0 AND i.deptype = 'i')"
          + " FROM pg_catalog.pg_description d CROSS JOIN"
          + " LATERAL pg_catalog.pg_identify_object(d.classoid, d.objoid, 0) o"
          // The schema: pg_identify_object's is quoted, and none for what lives on a table.
          + " LEFT JOIN pg_catalog.pg_namespace ns ON ns.oid = CASE d.classoid"
          + " WHEN 'pg_catalog.pg_namespace'::pg_catalog.regclass THEN d.objoid"
          + " WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_trigger x JOIN pg_catalog.pg_class c ON c.oid = x.tgrelid"
          + " WHERE x.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_rewrite x JOIN pg_catalog.pg_class c ON c.oid = x.ev_class"
          + " WHERE x.oid = d.objoid)"
          + " WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_policy x JOIN pg_catalog.pg_class c ON c.oid = x.polrelid"
          + " WHERE x.oid = d.objoid)"
          + " ELSE (SELECT s.oid FROM pg_catalog.pg_namespace s"
          + " WHERE pg_catalog.quote_ident(s.nspname) = o.schema) END"
          + " WHERE d.objoid >= 16384"
          + " AND (ns.nspname = ANY(?) OR d.classoid IN"
          + " ('pg_catalog.pg_extension'::pg_catalog.regclass,"
          + " 'pg_catalog.pg_publication'::pg_catalog.regclass))"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classoid"
          + " AND e.objid = d.objoid AND e.deptype = 'e')"
          + " ORDER BY 4";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        COMMENTS,
        row -> {
          String target = row.getString(4);
          ObjectKey object = scan.objectAt(new CatalogAddress(row.getString(1), row.getLong(2)));
          Array folded = row.getArray(8);
          if (object == null && folded != null) {
            for (Object reference : (Object[]) folded.getArray()) {
              String[] parts = ((String) reference).split(" ");
              object = scan.objectAt(new CatalogAddress(parts[0], Long.parseLong(parts[1])));
              if (object != null) {
                break;
              }
            }
          }
          if (object == null || target == null) {
            if (!row.getBoolean(7)) {
              scan.warn(
                  "COMMENT on "
                      + (target == null ? row.getString(6) : target)
                      + " is not reproduced: its object is not in the snapshot");
            }
            return;
          }
          ObjectKey comment =
              scan.add(
                  ObjectKind.COMMENT,
                  target,
                  row.getString(5),
                  null,
                  List.of("COMMENT ON " + target + " IS " + row.getString(3)),
                  List.of());
          scan.depends(comment, object);
        });
  }
}
