package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.migration.Timeouts;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that write the history and so take the migration lock first. */
abstract class AbstractLockingMojo extends AbstractMigrationMojo {
  /** Seconds to wait for another run to release the migration lock. */
  @Parameter(property = "db.lockWaitTimeout", defaultValue = "600")
  int lockWaitTimeout;

  /** The lock wait from {@link #lockWaitTimeout}, with these lock and statement timeouts. */
  Timeouts timeouts(String lockTimeout, String statementTimeout) {
    return new Timeouts(Duration.ofSeconds(lockWaitTimeout), lockTimeout, statementTimeout);
  }

  /** The lock wait from {@link #lockWaitTimeout}, with the default statement timeouts. */
  Timeouts timeouts() {
    return timeouts(Timeouts.DEFAULTS.lock(), Timeouts.DEFAULTS.statement());
  }
}
