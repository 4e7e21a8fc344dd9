package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.migration.Repair;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fixes the history table after intended changes: re-records the checksum and name of applied
 * migrations whose files changed, and removes failed entries (warning loudly about those that left
 * statements applied). Applied migrations whose file is missing are listed and left alone.
 */
@Mojo(name = "repair", threadSafe = true)
public class RepairMojo extends AbstractLockingMojo {
  /** Skips db:repair only. */
  @Parameter(property = "db.repair.skip", defaultValue = "false")
  boolean skipRepair;

  @Override
  boolean skipGoal() {
    return skipRepair;
  }

  @Override
  void run() {
    new Repair(migrationConfig(null, true, false, timeouts()), logger()).repair();
  }
}
