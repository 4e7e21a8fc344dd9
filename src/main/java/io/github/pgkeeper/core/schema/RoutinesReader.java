package io.github.pgkeeper.core.schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Functions, procedures and aggregates. Functions and procedures come from {@code
 * pg_get_functiondef}, which prints all of one: language, volatility, strictness, SECURITY DEFINER,
 * SET clauses, cost, and SQL-standard bodies. Aggregates have no such function: their {@code CREATE
 * AGGREGATE} is built from {@code pg_aggregate}, ordered-set and hypothetical ones included.
 *
 * <p>Left out: members of extensions, and functions PostgreSQL makes itself and drops with their
 * owner (the constructors of a range type depend on it internally).
 */
final class RoutinesReader implements ObjectReader {
  /**
   * The name {@code ALTER} and {@code COMMENT} use: input argument types, or for an aggregate its
   * arguments with {@code ORDER BY} (ordered-set) or {@code *} (none).
   */
  static final String NAME =
      "pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '(' ||"
          + " CASE WHEN p.prokind = 'a' THEN"
          + " coalesce(nullif(pg_catalog.pg_get_function_identity_arguments(p.oid), ''), '*')"
          + " ELSE pg_catalog.oidvectortypes(p.proargtypes) END || ')'";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    String sql =
        "SELECT p.oid::bigint, n.nspname, "
            + NAME
            + ", pg_catalog.pg_get_userbyid(p.proowner), p.prokind,"
            + " CASE WHEN p.prokind <> 'a' THEN pg_catalog.pg_get_functiondef(p.oid) END,"
            + " pg_catalog.pg_get_function_arguments(p.oid), p.proparallel, a.aggkind,"
            + ReaderSql.functionName("a.aggtransfn")
            + ", pg_catalog.format_type(a.aggtranstype, NULL), a.aggtransspace,"
            + ReaderSql.functionName("a.aggfinalfn")
            + ", a.aggfinalextra, a.aggfinalmodify,"
            + ReaderSql.functionName("a.aggcombinefn")
            + ", "
            + ReaderSql.functionName("a.aggserialfn")
            + ", "
            + ReaderSql.functionName("a.aggdeserialfn")
            + ", a.agginitval,"
            + ReaderSql.functionName("a.aggmtransfn")
            + ", "
            + ReaderSql.functionName("a.aggminvtransfn")
            + ", pg_catalog.format_type(nullif(a.aggmtranstype, 0), NULL), a.aggmtransspace,"
            + ReaderSql.functionName("a.aggmfinalfn")
            + ", a.aggmfinalextra, a.aggmfinalmodify, a.aggminitval,"
            + " (SELECT 'OPERATOR(' || pg_catalog.quote_ident(o_n.nspname) || '.' || o.oprname"
            + " || ')' FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace o_n"
            + " ON o_n.oid = o.oprnamespace WHERE o.oid = a.aggsortop),"
            + " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(p.proname)"
            + " FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
            + " LEFT JOIN pg_catalog.pg_aggregate a ON a.aggfnoid = p.oid"
            + " WHERE n.nspname = ANY(?) AND "
            + CatalogScan.notInExtension("pg_proc", "p.oid")
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i"
            + " WHERE i.classid = 'pg_catalog.pg_proc'::regclass AND i.objid = p.oid"
            + " AND i.deptype = 'i')"
            + " ORDER BY 3";
    CatalogQuery.each(
        scan,
        sql,
        row -> {
          long oid = row.getLong(1);
          String name = row.getString(3);
          String kind = row.getString(5);
          ObjectKind objectKind =
              switch (kind) {
                case "p" -> ObjectKind.PROCEDURE;
                case "a" -> ObjectKind.AGGREGATE;
                default -> ObjectKind.FUNCTION;
              };
          String statement =
              objectKind == ObjectKind.AGGREGATE ? aggregate(row) : row.getString(6).strip();
          scan.add(
              objectKind,
              name,
              row.getString(2),
              row.getString(4),
              List.of(statement),
              List.of(),
              new CatalogAddress("pg_proc", oid));
        });
  }

  /** {@code CREATE AGGREGATE} with every option that differs from what it defaults to. */
  private static String aggregate(ResultSet row) throws SQLException {
    String arguments = row.getString(7);
    String aggregateKind = row.getString(9);
    List<String> options = new ArrayList<>();
    options.add("SFUNC = " + row.getString(10));
    options.add("STYPE = " + row.getString(11));
    if (row.getInt(12) != 0) {
      options.add("SSPACE = " + row.getInt(12));
    }
    if (row.getString(13) != null) {
      options.add("FINALFUNC = " + row.getString(13));
      if (row.getBoolean(14)) {
        options.add("FINALFUNC_EXTRA");
      }
    }
    options.add("FINALFUNC_MODIFY = " + modify(row.getString(15)));
    optional(options, "COMBINEFUNC", row.getString(16));
    optional(options, "SERIALFUNC", row.getString(17));
    optional(options, "DESERIALFUNC", row.getString(18));
    if (row.getString(19) != null) {
      options.add("INITCOND = " + ReaderSql.literal(row.getString(19)));
    }
    if (row.getString(20) != null) {
      options.add("MSFUNC = " + row.getString(20));
      options.add("MINVFUNC = " + row.getString(21));
      options.add("MSTYPE = " + row.getString(22));
      if (row.getInt(23) != 0) {
        options.add("MSSPACE = " + row.getInt(23));
      }
      if (row.getString(24) != null) {
        options.add("MFINALFUNC = " + row.getString(24));
        if (row.getBoolean(25)) {
          options.add("MFINALFUNC_EXTRA");
        }
      }
      options.add("MFINALFUNC_MODIFY = " + modify(row.getString(26)));
      if (row.getString(27) != null) {
        options.add("MINITCOND = " + ReaderSql.literal(row.getString(27)));
      }
    }
    optional(options, "SORTOP", row.getString(28));
    options.add(
        "PARALLEL = "
            + switch (row.getString(8)) {
              case "s" -> "SAFE";
              case "r" -> "RESTRICTED";
              default -> "UNSAFE";
            });
    if ("h".equals(aggregateKind)) {
      options.add("HYPOTHETICAL");
    }
    return "CREATE AGGREGATE "
        + row.getString(29)
        + "("
        + (arguments.isEmpty() ? "*" : arguments)
        + ") (\n    "
        + String.join(",\n    ", options)
        + "\n)";
  }

  private static void optional(List<String> options, String option, String value) {
    if (value != null) {
      options.add(option + " = " + value);
    }
  }

  private static String modify(String code) {
    return switch (code) {
      case "s" -> "SHAREABLE";
      case "w" -> "READ_WRITE";
      default -> "READ_ONLY";
    };
  }
}
