package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Timeouts;
import io.github.pgkeeper.core.migration.Version;
import java.io.File;
import java.util.Arrays;
import org.apache.maven.plugins.annotations.Parameter;

/** Where the migrations and their history live: shared by migrate and status. */
abstract class AbstractMigrationMojo extends AbstractConnectedMojo {
  /** Folders holding the migration scripts; several may be given, comma-separated on the CLI. */
  @Parameter(property = "db.locations", defaultValue = "${project.basedir}/migrations")
  File[] locations;

  /** Also scan subfolders of the locations (by default, folders such as archive/ are left out). */
  @Parameter(property = "db.recursive", defaultValue = "false")
  boolean recursive;

  /** The schema of the history table; created if missing. */
  @Parameter(property = "db.historySchema", defaultValue = "public")
  String historySchema;

  /** The name of the history table. */
  @Parameter(property = "db.historyTable", defaultValue = "pgkeeper_history")
  String historyTable;

  /**
   * {@code pgkeeper}, or {@code supabase} to keep the Supabase CLI's {@code
   * supabase_migrations.schema_migrations} as the CLI does, beside pgkeeper's own table, so that
   * {@code supabase migration list} and the plugin agree about what is applied.
   */
  @Parameter(property = "db.historyMode", defaultValue = "pgkeeper")
  String historyMode;

  MigrationConfig migrationConfig(
      Version target, boolean outOfOrder, boolean validateOnMigrate, Timeouts timeouts) {
    return migrationConfig(connectionConfig(), target, outOfOrder, validateOnMigrate, timeouts);
  }

  /** With a given connection, or none (null) for goals that may run offline. */
  MigrationConfig migrationConfig(
      ConnectionConfig connection,
      Version target,
      boolean outOfOrder,
      boolean validateOnMigrate,
      Timeouts timeouts) {
    return new MigrationConfig(
        connection,
        Arrays.stream(locations).map(File::toPath).toList(),
        recursive,
        project.getBasedir().toPath(),
        historySchema,
        historyTable,
        target,
        outOfOrder,
        validateOnMigrate,
        timeouts,
        parsedHistoryMode());
  }

  HistoryMode parsedHistoryMode() {
    try {
      return HistoryMode.parse(historyMode);
    } catch (IllegalArgumentException e) {
      throw new PgKeeperException(e.getMessage(), Setting.HISTORY_MODE);
    }
  }
}
