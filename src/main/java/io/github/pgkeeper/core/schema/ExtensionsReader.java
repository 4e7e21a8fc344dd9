package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The extensions a restore needs: those installed in the schemas read, those whose objects the
 * schemas' objects use (a column of type {@code citext} from an extension in schema {@code
 * extensions}), and those these require. Their member objects are never read on their own: {@code
 * CREATE EXTENSION} brings them back. plpgsql is in every database already.
 */
final class ExtensionsReader implements ObjectReader {
  /** The schema of the object a {@code pg_depend} row {@code d} starts from, for the usual rows. */
  private static final String DEPENDENT_SCHEMA =
      "CASE d.classid"
          + " WHEN 'pg_catalog.pg_class'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_class c WHERE c.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_type'::pg_catalog.regclass THEN (SELECT t.typnamespace"
          + " FROM pg_catalog.pg_type t WHERE t.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_proc'::pg_catalog.regclass THEN (SELECT p.pronamespace"
          + " FROM pg_catalog.pg_proc p WHERE p.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_constraint'::pg_catalog.regclass THEN (SELECT k.connamespace"
          + " FROM pg_catalog.pg_constraint k WHERE k.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_attrdef'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_attrdef a JOIN pg_catalog.pg_class c ON c.oid = a.adrelid"
          + " WHERE a.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_rewrite'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
          + " WHERE r.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_trigger'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid"
          + " WHERE g.oid = d.objid)"
          + " WHEN 'pg_catalog.pg_policy'::pg_catalog.regclass THEN (SELECT c.relnamespace"
          + " FROM pg_catalog.pg_policy y JOIN pg_catalog.pg_class c ON c.oid = y.polrelid"
          + " WHERE y.oid = d.objid)"
          + " END";

  private static final String EXTENSIONS =
      "WITH RECURSIVE needed(oid) AS ("
          + " SELECT x.oid FROM pg_catalog.pg_extension x"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace WHERE n.nspname = ANY(?)"
          + " UNION SELECT m.refobjid FROM pg_catalog.pg_depend m"
          + " JOIN pg_catalog.pg_depend d ON d.refclassid = m.classid AND d.refobjid = m.objid"
          + " AND d.deptype IN ('n', 'a')"
          + " WHERE m.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass"
          + " AND m.deptype = 'e' AND (SELECT s.nspname FROM pg_catalog.pg_namespace s"
          + " WHERE s.oid = "
          + DEPENDENT_SCHEMA
          + ") = ANY(?)"
          + " UNION SELECT r.refobjid FROM pg_catalog.pg_depend r JOIN needed ON r.objid = needed.oid"
          + " WHERE r.classid = 'pg_catalog.pg_extension'::pg_catalog.regclass"
          + " AND r.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass)"
          + " SELECT x.oid::bigint, n.nspname, pg_catalog.quote_ident(x.extname),"
          + " pg_catalog.quote_ident(n.nspname), pg_catalog.quote_literal(x.extversion),"
          + " n.nspname = ANY(?)"
          + " FROM pg_catalog.pg_extension x JOIN needed ON needed.oid = x.oid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace"
          + " WHERE x.extname <> 'plpgsql' ORDER BY x.extname";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        EXTENSIONS,
        row -> {
          String schema = row.getString(2);
          String quotedSchema = row.getString(4);
          List<String> statements = new ArrayList<>();
          if (!row.getBoolean(6) && !schema.equals("pg_catalog")) {
            // A schema not read, such as "extensions": the extension needs it to exist.
            statements.add("CREATE SCHEMA IF NOT EXISTS " + quotedSchema);
          }
          statements.add(
              "CREATE EXTENSION IF NOT EXISTS "
                  + row.getString(3)
                  + " WITH SCHEMA "
                  + quotedSchema
                  + " VERSION "
                  + row.getString(5));
          scan.add(
              ObjectKind.EXTENSION,
              row.getString(3),
              schema,
              null,
              statements,
              List.of(),
              new CatalogAddress("pg_extension", row.getLong(1)));
        });
  }
}
