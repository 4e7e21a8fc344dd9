package io.github.pgkeeper.core.schema;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collations of the read schemas: {@code CREATE COLLATION} with the provider (libc, ICU, builtin),
 * the locale, determinism and ICU rules. The version is left to the target's library, as pg_dump
 * leaves it.
 */
final class CollationsReader implements ObjectReader {
  private static final String COLLATIONS =
      "SELECT c.oid::bigint, n.nspname,"
          + " pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.collname),"
          + " pg_catalog.pg_get_userbyid(c.collowner), c.collprovider::text,"
          + " c.collisdeterministic, c.collcollate, c.collctype,"
          + " coalesce(pg_catalog.to_jsonb(c) ->> 'colllocale',"
          + " pg_catalog.to_jsonb(c) ->> 'colliculocale'),"
          + " pg_catalog.to_jsonb(c) ->> 'collicurules'"
          + " FROM pg_catalog.pg_collation c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.collnamespace"
          + " WHERE n.nspname = ANY(?) AND "
          + CatalogScan.notInExtension("pg_collation", "c.oid")
          + " ORDER BY 3";

  @Override
  public void read(CatalogScan scan) throws SQLException {
    CatalogQuery.each(
        scan,
        COLLATIONS,
        row -> {
          String name = row.getString(3);
          List<String> options = new ArrayList<>();
          String locale = row.getString(9);
          switch (row.getString(5)) {
            case "i" -> {
              options.add("provider = icu");
              options.add("locale = " + ReaderSql.literal(locale));
            }
            case "b" -> {
              options.add("provider = builtin");
              options.add("locale = " + ReaderSql.literal(locale));
            }
            case "c" -> {
              options.add("provider = libc");
              options.add("lc_collate = " + ReaderSql.literal(row.getString(7)));
              options.add("lc_ctype = " + ReaderSql.literal(row.getString(8)));
            }
            default -> {
              scan.warn(
                  "COLLATION " + name + " uses the database's default provider: not reproduced");
              return;
            }
          }
          if (!row.getBoolean(6)) {
            options.add("deterministic = false");
          }
          if (row.getString(10) != null) {
            options.add("rules = " + ReaderSql.literal(row.getString(10)));
          }
          scan.add(
              ObjectKind.COLLATION,
              name,
              row.getString(2),
              row.getString(4),
              List.of("CREATE COLLATION " + name + " (" + String.join(", ", options) + ")"),
              List.of(),
              new CatalogAddress("pg_collation", row.getLong(1)));
        });
  }
}
