package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Rollback;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Undoes the last applied migrations with their down parts ({@code -- migrate:down} sections or
 * {@code NNN_name.down.sql} files), newest first, each in a transaction that also removes its
 * history row. Refuses, changing nothing, when one of them has no down part.
 */
@Mojo(name = "rollback", threadSafe = true)
public class RollbackMojo extends AbstractLockingMojo {
  /** How many migrations to undo; {@code -Dcount=N} works too. */
  @Parameter(property = "db.rollback.count")
  Integer count;

  /** Print the SQL that would run, with transaction boundaries, and change nothing. */
  @Parameter(property = "db.dryRun", defaultValue = "false")
  boolean dryRun;

  /** Refuse to undo a migration whose file changed since it was applied. */
  @Parameter(property = "db.validateOnMigrate", defaultValue = "true")
  boolean validateOnMigrate;

  /** Skips db:rollback only. */
  @Parameter(property = "db.rollback.skip", defaultValue = "false")
  boolean skipRollback;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  /** {@code -Dcount=N}, as in the examples; 1 when absent. */
  private int countFromCommandLine() {
    String text = session.getUserProperties().getProperty("count", "1");
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new PgKeeperException(
          "The rollback count '" + text + "' is not a whole number.", Setting.ROLLBACK_COUNT);
    }
  }

  @Override
  boolean skipGoal() {
    return skipRollback;
  }

  @Override
  void run() {
    int howMany = count != null ? count : countFromCommandLine();
    MigrationConfig config = migrationConfig(null, false, validateOnMigrate, timeouts());
    Rollback rollback = new Rollback(config, logger());
    if (dryRun) {
      rollback.dryRun(howMany).lines().forEach(getLog()::info);
      return;
    }
    int undone = rollback.rollback(howMany).size();
    getLog().info("Rolled back " + undone + " migration(s).");
  }
}
