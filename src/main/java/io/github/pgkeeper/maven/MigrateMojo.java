package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.embedded.EmbeddedServers;
import io.github.pgkeeper.core.embedded.Flavor;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrateResult;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.migration.SupabaseProject;
import io.github.pgkeeper.core.migration.SupabaseSeed;
import io.github.pgkeeper.core.migration.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the pending migrations in version order, each in its own transaction together with its
 * history row, and stops at the first failure. Publishes {@code db.currentVersion}.
 */
@Mojo(name = "migrate", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class MigrateMojo extends AbstractLockingMojo {
  /** Apply migrations up to and including this version only. */
  @Parameter(property = "db.target")
  String target;

  /** Allow applying a pending migration that is older than the newest applied one. */
  @Parameter(property = "db.outOfOrder", defaultValue = "false")
  boolean outOfOrder;

  /** Refuse to migrate when an applied migration's file changed or disappeared. */
  @Parameter(property = "db.validateOnMigrate", defaultValue = "true")
  boolean validateOnMigrate;

  /**
   * PostgreSQL lock_timeout for each migration: a statement waiting longer for a table lock fails,
   * naming the session that holds it, instead of stalling every query queued behind it.
   */
  @Parameter(property = "db.lockTimeout", defaultValue = "10s")
  String lockTimeout;

  /** PostgreSQL statement_timeout for each migration; 0 means none. */
  @Parameter(property = "db.statementTimeout", defaultValue = "0")
  String statementTimeout;

  /** Print the SQL that would run, with transaction boundaries, and change nothing. */
  @Parameter(property = "db.dryRun", defaultValue = "false")
  boolean dryRun;

  /**
   * After migrating the Supabase-flavoured embedded database this build started, load the Supabase
   * CLI's seed data as supabase db reset does: supabase/seed.sql, or the files [db.seed] sql_paths
   * of supabase/config.toml names. Once per started database; never on any other database.
   */
  @Parameter(property = "db.seed", defaultValue = "true")
  boolean seed;

  /** Skips db:migrate only. */
  @Parameter(property = "db.migrate.skip", defaultValue = "false")
  boolean skipMigrate;

  @Override
  boolean skipGoal() {
    return skipMigrate;
  }

  @Override
  void run() {
    MigrationConfig config =
        migrationConfig(
            targetVersion(),
            outOfOrder,
            validateOnMigrate,
            timeouts(lockTimeout, statementTimeout));
    Migrator migrator = new Migrator(config, logger());
    if (dryRun) {
      migrator.dryRun().lines().forEach(getLog()::info);
      return;
    }
    MigrateResult result = migrator.migrate();
    result.currentVersion().ifPresent(v -> publish("db.currentVersion", v.toString()));
    if (seed) {
      seedFreshDatabase(config.connection());
    }
  }

  /**
   * Seeds only a database this build started, of the Supabase flavour, and only once: seed data is
   * for throwaway databases, and a remote database may be shared or hold real rows.
   */
  void seedFreshDatabase(ConnectionConfig connection) {
    Optional<EmbeddedServer> started = EmbeddedServers.startedAt(connection.url());
    Path folder = SupabaseProject.folder(basedir());
    if (started.isEmpty() || !Files.isDirectory(folder)) {
      return;
    }
    if (started.get().config().flavor() != Flavor.SUPABASE) {
      getLog()
          .debug("Not seeding: the embedded database is the plain flavor, not the Supabase one.");
      return;
    }
    if (!started.get().markSeeded()) {
      return;
    }
    List<Path> files = SupabaseSeed.files(folder, logger());
    if (!files.isEmpty()) {
      SupabaseSeed.run(connection, files, basedir(), logger());
    }
  }

  private Version targetVersion() {
    if (target == null || target.isBlank() || target.equalsIgnoreCase("latest")) {
      return null;
    }
    try {
      return Version.parse(target.trim());
    } catch (IllegalArgumentException e) {
      throw new PgKeeperException(
          "The target '" + target + "' is not a version such as 005, 20240101120000 or 1.2.",
          Setting.TARGET);
    }
  }
}
