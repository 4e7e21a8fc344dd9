package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.EmbeddedServers;
import io.github.pgkeeper.core.embedded.Flavor;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationOrder;
import io.github.pgkeeper.core.migration.SupabaseProject;
import io.github.pgkeeper.core.migration.Timeouts;
import io.github.pgkeeper.core.migration.Version;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/** Where the migrations and their history live: shared by migrate and status. */
abstract class AbstractMigrationMojo extends AbstractConnectedMojo {
  /**
   * Folders holding the migration scripts; several may be given, comma-separated on the CLI. By
   * default migrations/, or the Supabase CLI's supabase/migrations when only that exists.
   */
  @Parameter(property = "db.locations")
  File[] locations;

  /**
   * The order migrations run in: numeric (by version number, 005 = 5), filename (as the Supabase
   * CLI runs them: by file name, only files named digits_name.sql), or auto: filename for a
   * Supabase project (historyMode=supabase, the Supabase flavour, a supabase/ folder), numeric
   * otherwise. Status, validate, rollback and baseline use the same order.
   */
  @Parameter(property = "db.order", defaultValue = "auto")
  String order;

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
    List<Path> folders = migrationLocations();
    return new MigrationConfig(
        connection,
        folders,
        recursive,
        project.getBasedir().toPath(),
        historySchema,
        historyTable,
        target,
        outOfOrder,
        validateOnMigrate,
        timeouts,
        parsedHistoryMode(),
        migrationOrder(connection, folders));
  }

  /** The configured locations, or the default ones of the project. */
  List<Path> migrationLocations() {
    if (locations == null || locations.length == 0) {
      if (defaultLocations == null) {
        defaultLocations = SupabaseProject.defaultLocations(basedir(), logger());
      }
      return defaultLocations;
    }
    return Arrays.stream(locations).map(File::toPath).toList();
  }

  private List<Path> defaultLocations;

  private MigrationOrder migrationOrder(ConnectionConfig connection, List<Path> folders) {
    MigrationOrder configured;
    try {
      configured = MigrationOrder.parse(order);
    } catch (IllegalArgumentException e) {
      throw new PgKeeperException(e.getMessage(), Setting.ORDER);
    }
    return SupabaseProject.order(
        configured, parsedHistoryMode(), supabaseFlavor(connection), basedir(), folders, logger());
  }

  /**
   * Whether the database is the Supabase flavour: the embedded server this build started at the
   * connection's URL says so, or db.embedded.flavor does (for goals without a server, such as
   * validate).
   */
  boolean supabaseFlavor(ConnectionConfig connection) {
    if (connection != null) {
      var started = EmbeddedServers.startedAt(connection.url());
      if (started.isPresent()) {
        return started.get().config().flavor() == Flavor.SUPABASE;
      }
    }
    String flavor = mavenSession.getUserProperties().getProperty("db.embedded.flavor");
    if (flavor == null) {
      flavor = project.getProperties().getProperty("db.embedded.flavor");
    }
    return flavor != null && flavor.trim().equalsIgnoreCase(Flavor.SUPABASE.toString());
  }

  Path basedir() {
    return project.getBasedir().toPath();
  }

  HistoryMode parsedHistoryMode() {
    try {
      return HistoryMode.parse(historyMode);
    } catch (IllegalArgumentException e) {
      throw new PgKeeperException(e.getMessage(), Setting.HISTORY_MODE);
    }
  }
}
