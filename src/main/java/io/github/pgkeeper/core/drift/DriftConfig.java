package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.embedded.PostgresBinaries;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * What db:diff compares.
 *
 * @param migrations the migrations and the live database ({@code migrations.connection()}) with its
 *     history table
 * @param schemas the schemas compared, as PostgreSQL spells them
 * @param shadowUrl an empty database to build the migrations on, or null for an embedded server of
 *     the live server's major version
 * @param shadowDataDirectory where the embedded server keeps its files
 * @param binaries where the embedded server's binaries come from, for each major version
 */
public record DriftConfig(
    MigrationConfig migrations,
    List<String> schemas,
    ConnectionConfig shadowUrl,
    Path shadowDataDirectory,
    PostgresBinaries binaries) {

  public DriftConfig {
    schemas = List.copyOf(schemas);
    binaries = binaries == null ? PostgresBinaries.BUNDLED : binaries;
  }

  public ConnectionConfig live() {
    return migrations.connection();
  }
}
