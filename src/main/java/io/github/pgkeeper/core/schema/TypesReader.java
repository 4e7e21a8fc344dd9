package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types a schema defines in SQL: enums (labels in order), domains (base type, collation,
 * default and named constraints, NOT VALID ones added after), composite types and range types. Base
 * and shell types need C functions: the catch-all reader names them.
 */
final class TypesReader implements ObjectReader {
  private static final String FROM_TYPES =
      " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " WHERE n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_type", "t.oid");

  private static final String ENUMS =
      "SELECT t.oid::bigint, n.nspname, pg_catalog.format_type(t.oid, NULL),"
          + " pg_catalog.pg_get_userbyid(t.typowner),"
          + " t.typarray::bigint,"
          + " (SELECT pg_catalog.array_agg(pg_catalog.quote_literal(e.enumlabel)"
          + " ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)"
          + FROM_TYPES
          + " AND t.typtype = 'e' ORDER BY t.oid";

  private static final String DOMAINS =
      "SELECT t.oid::bigint, n.nspname, pg_catalog.format_type(t.oid, NULL),"
          + " pg_catalog.pg_get_userbyid(t.typowner),"
          + " pg_catalog.format_type(t.typbasetype, t.typtypmod),"
          + " CASE WHEN t.typcollation <> b.typcollation"
          + " THEN t.typcollation::pg_catalog.regcollation::text END,"
          + " pg_catalog.pg_get_expr(t.typdefaultbin, 0), t.typnotnull, t.typarray::bigint"
          + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype"
          + " WHERE n.nspname = ANY(?) AND t.typtype = 'd' AND "
          + CatalogScan.notInExtension("pg_type", "t.oid")
          + " ORDER BY t.oid";

  private static final String DOMAIN_CONSTRAINTS =
      "SELECT k.contypid::bigint, k.oid::bigint, pg_catalog.quote_ident(k.conname),"
          + " pg_catalog.pg_get_constraintdef(k.oid), k.convalidated, k.contype::text"
          + " FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_type t ON t.oid = k.contypid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " WHERE n.nspname = ANY(?) ORDER BY k.contypid, k.conname";

  private static final String COMPOSITES =
      "SELECT t.oid::bigint, n.nspname, pg_catalog.format_type(t.oid, NULL),"
          + " pg_catalog.pg_get_userbyid(t.typowner), t.typrelid::bigint, t.typarray::bigint"
          + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'"
          + " WHERE n.nspname = ANY(?) AND t.typtype = 'c' AND "
          + CatalogScan.notInExtension("pg_type", "t.oid")
          + " ORDER BY t.oid";

  private static final String ATTRIBUTES =
      "SELECT a.attrelid::bigint, pg_catalog.quote_ident(a.attname),"
          + " pg_catalog.format_type(a.atttypid, a.atttypmod)"
          + " || CASE WHEN a.attcollation <> at.typcollation"
          + " THEN ' COLLATE ' || a.attcollation::pg_catalog.regcollation::text ELSE '' END"
          + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_catalog.pg_type at ON at.oid = a.atttypid"
          + " WHERE c.relkind = 'c' AND n.nspname = ANY(?) AND a.attnum > 0"
          + " AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum";

  private static final String RANGES =
      "SELECT t.oid::bigint, n.nspname, pg_catalog.format_type(t.oid, NULL),"
          + " pg_catalog.pg_get_userbyid(t.typowner),"
          + " pg_catalog.format_type(r.rngsubtype, NULL),"
          + " CASE WHEN NOT o.opcdefault THEN pg_catalog.quote_ident(on_.nspname) || '.'"
          + " || pg_catalog.quote_ident(o.opcname) END,"
          + " CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> s.typcollation"
          + " THEN r.rngcollation::pg_catalog.regcollation::text END,"
          + " CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::pg_catalog.regproc::text END,"
          + " CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::pg_catalog.regproc::text END,"
          + " pg_catalog.format_type(r.rngmultitypid, NULL), r.rngmultitypid::bigint,"
          + " t.typarray::bigint, (SELECT m.typarray::bigint FROM pg_catalog.pg_type m"
          + " WHERE m.oid = r.rngmultitypid)"
          + " FROM pg_catalog.pg_range r JOIN pg_catalog.pg_type t ON t.oid = r.rngtypid"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
          + " JOIN pg_catalog.pg_type s ON s.oid = r.rngsubtype"
          + " JOIN pg_catalog.pg_opclass o ON o.oid = r.rngsubopc"
          + " JOIN pg_catalog.pg_namespace on_ ON on_.oid = o.opcnamespace"
          + " WHERE n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_type", "t.oid")
          + " ORDER BY t.oid";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    readEnums(scan);
    readDomains(scan);
    readComposites(scan);
    readRanges(scan);
  }

  private static void readEnums(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        ENUMS,
        row -> {
          String name = row.getString(3);
          List<String> labels = TablesReader.strings(row.getArray(6));
          List<Part> parts = new ArrayList<>();
          for (int i = 0; i < labels.size(); i++) {
            parts.add(new Part(labels.get(i), String.valueOf(i + 1)));
          }
          scan.add(
              ObjectKind.TYPE,
              name,
              row.getString(2),
              row.getString(4),
              List.of("CREATE TYPE " + name + " AS ENUM (" + String.join(", ", labels) + ")"),
              parts,
              new CatalogAddress("pg_type", row.getLong(1)),
              new CatalogAddress("pg_type", row.getLong(5)));
        });
  }

  /** A domain constraint: {@code CONSTRAINT name CHECK (…)}, or NOT NULL. */
  private record DomainConstraint(long oid, String name, String definition, boolean valid) {}

  private static void readDomains(CatalogScan scan) throws SQLException {
    Map<Long, List<DomainConstraint>> constraints = new HashMap<>();
    CatalogQuery.each(
        scan,
        DOMAIN_CONSTRAINTS,
        row ->
            constraints
                .computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
                .add(
                    new DomainConstraint(
                        row.getLong(2), row.getString(3), row.getString(4), row.getBoolean(5))));
    CatalogQuery.each(
        scan,
        DOMAINS,
        row -> {
          String name = row.getString(3);
          StringBuilder create = new StringBuilder("CREATE DOMAIN ");
          create.append(name).append(" AS ").append(row.getString(5));
          if (row.getString(6) != null) {
            create.append(" COLLATE ").append(row.getString(6));
          }
          if (row.getString(7) != null) {
            create.append(" DEFAULT ").append(row.getString(7));
          }
          List<CatalogAddress> addresses = new ArrayList<>();
          addresses.add(new CatalogAddress("pg_type", row.getLong(1)));
          addresses.add(new CatalogAddress("pg_type", row.getLong(9)));
          List<String> later = new ArrayList<>();
          boolean notNullNamed = false;
          for (DomainConstraint constraint : constraints.getOrDefault(row.getLong(1), List.of())) {
            addresses.add(new CatalogAddress("pg_constraint", constraint.oid()));
            notNullNamed |= constraint.definition().equals("NOT NULL");
            if (constraint.valid()) {
              create.append(" CONSTRAINT ").append(constraint.name());
              create.append(' ').append(constraint.definition());
            } else {
              later.add(
                  "ALTER DOMAIN "
                      + name
                      + " ADD CONSTRAINT "
                      + constraint.name()
                      + " "
                      + constraint.definition());
            }
          }
          if (row.getBoolean(8) && !notNullNamed) {
            create.append(" NOT NULL"); // before PostgreSQL 17, NOT NULL has no constraint row
          }
          List<String> statements = new ArrayList<>();
          statements.add(create.toString());
          statements.addAll(later);
          scan.add(
              ObjectKind.DOMAIN,
              name,
              row.getString(2),
              row.getString(4),
              statements,
              List.of(),
              addresses.toArray(CatalogAddress[]::new));
        });
  }

  private static void readComposites(CatalogScan scan) throws SQLException {
    Map<Long, List<Part>> attributes = new HashMap<>();
    CatalogQuery.each(
        scan,
        ATTRIBUTES,
        row ->
            attributes
                .computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
                .add(new Part(row.getString(2), row.getString(3))));
    CatalogQuery.each(
        scan,
        COMPOSITES,
        row -> {
          String name = row.getString(3);
          List<Part> parts = attributes.getOrDefault(row.getLong(5), List.of());
          List<String> definitions =
              parts.stream().map(p -> p.name() + " " + p.definition()).toList();
          scan.add(
              ObjectKind.TYPE,
              name,
              row.getString(2),
              row.getString(4),
              List.of("CREATE TYPE " + name + " AS (" + String.join(", ", definitions) + ")"),
              parts,
              new CatalogAddress("pg_type", row.getLong(1)),
              // the attributes' dependencies are recorded on the type's relation
              new CatalogAddress("pg_class", row.getLong(5)),
              new CatalogAddress("pg_type", row.getLong(6)));
        });
  }

  private static void readRanges(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        RANGES,
        row -> {
          String name = row.getString(3);
          List<String> options = new ArrayList<>();
          options.add("SUBTYPE = " + row.getString(5));
          String[] optional = {"SUBTYPE_OPCLASS", "COLLATION", "CANONICAL", "SUBTYPE_DIFF"};
          for (int i = 0; i < optional.length; i++) {
            String value = row.getString(6 + i);
            if (value != null) {
              options.add(optional[i] + " = " + value);
            }
          }
          options.add("MULTIRANGE_TYPE_NAME = " + row.getString(10));
          scan.add(
              ObjectKind.TYPE,
              name,
              row.getString(2),
              row.getString(4),
              List.of("CREATE TYPE " + name + " AS RANGE (" + String.join(", ", options) + ")"),
              List.of(),
              new CatalogAddress("pg_type", row.getLong(1)),
              new CatalogAddress("pg_type", row.getLong(11)),
              new CatalogAddress("pg_type", row.getLong(12)),
              new CatalogAddress("pg_type", row.getLong(13)));
        });
  }
}
