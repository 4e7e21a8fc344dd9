package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.Sql;
import java.util.List;

/**
 * One drift on a real PostgreSQL: a database as its migrations leave it ({@code base}) and a copy
 * changed by hand ({@code base} then {@code drift}), their diff, and the migration that adopts the
 * drift. {@link #assertClosesTheDrift()} applies that migration to the migrated database and
 * compares both catalogs with {@link CatalogFingerprint}, which knows nothing of our models.
 */
final class DriftCase {
  final ConnectionConfig migrated;
  final ConnectionConfig live;
  final SchemaDiff diff;
  final String migration;

  private DriftCase(String base, String drift) {
    migrated = SchemaRoundTrip.databaseWith(base);
    live = SchemaRoundTrip.databaseWith(base + ";\n" + drift);
    diff =
        SchemaDiff.compare(
            SchemaRoundTrip.read(migrated, "public"), SchemaRoundTrip.read(live, "public"));
    migration = DriftMigration.write(diff, "adopts the drift");
  }

  static DriftCase of(String base, String drift) {
    return new DriftCase(base, drift);
  }

  String report() {
    return String.join("\n", diff.report());
  }

  /** The migration, run on the migrated database, gives it the live database's catalog. */
  DriftCase assertClosesTheDrift() {
    Sql.execute(migrated, migration);
    assertEquals(
        String.join("\n", CatalogFingerprint.of(live, "public")),
        String.join("\n", CatalogFingerprint.of(migrated, "public")),
        () -> "the migration left a difference:\n" + migration + "\nreport:\n" + report());
    List<Difference> left =
        SchemaDiff.compare(
                SchemaRoundTrip.read(migrated, "public"), SchemaRoundTrip.read(live, "public"))
            .differences();
    assertEquals(List.of(), left, () -> "the models still differ; migration:\n" + migration);
    return this;
  }
}
