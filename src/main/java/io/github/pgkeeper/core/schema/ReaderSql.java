package io.github.pgkeeper.core.schema;

import java.sql.SQLException;

/** SQL pieces the readers of code, grants and comments share. */
final class ReaderSql {
  private ReaderSql() {}

  /** The server's major version (14, 15, …): some catalog columns are newer than others. */
  static int serverVersion(CatalogScan scan) throws SQLException {
    return scan.connection().getMetaData().getDatabaseMajorVersion();
  }

  /**
   * A function's name as {@code CREATE AGGREGATE} wants it, qualified ({@code public.add}), or null
   * for oid 0.
   */
  static String functionName(String oidExpression) {
    return "(SELECT pg_catalog.quote_ident(fn_n.nspname) || '.' ||"
        + " pg_catalog.quote_ident(fn.proname) FROM pg_catalog.pg_proc fn"
        + " JOIN pg_catalog.pg_namespace fn_n ON fn_n.oid = fn.pronamespace WHERE fn.oid = "
        + oidExpression
        + ")";
  }

  /** A string constant, as {@code quote_literal} writes it. */
  static String literal(String text) {
    String doubled = text.replace("'", "''");
    return text.contains("\\") ? "E'" + doubled.replace("\\", "\\\\") + "'" : "'" + doubled + "'";
  }
}
