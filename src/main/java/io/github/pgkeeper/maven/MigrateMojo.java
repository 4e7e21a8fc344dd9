package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.migration.MigrateResult;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.migration.Version;
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

  /** Skips db:migrate only. */
  @Parameter(property = "db.migrate.skip", defaultValue = "false")
  boolean skipMigrate;

  @Override
  boolean skipGoal() {
    return skipMigrate;
  }

  @Override
  void run() {
    Migrator migrator =
        new Migrator(
            migrationConfig(
                targetVersion(),
                outOfOrder,
                validateOnMigrate,
                timeouts(lockTimeout, statementTimeout)),
            logger());
    if (dryRun) {
      migrator.dryRun().lines().forEach(getLog()::info);
      return;
    }
    MigrateResult result = migrator.migrate();
    result.currentVersion().ifPresent(v -> publish("db.currentVersion", v.toString()));
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
