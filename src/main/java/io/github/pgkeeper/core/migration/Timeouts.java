package io.github.pgkeeper.core.migration;

import java.time.Duration;

/**
 * How long a migrate run waits, and for what.
 *
 * @param lockWait how long to wait for another migrate run to release the migration lock
 * @param lock PostgreSQL's {@code lock_timeout} for each migration, such as {@code 10s}: a DDL
 *     statement that waits for a table lock makes every later query on that table queue behind it,
 *     so it should give up soon rather than stall the application
 * @param statement PostgreSQL's {@code statement_timeout} for each migration ({@code 0} = none)
 */
public record Timeouts(Duration lockWait, String lock, String statement) {
  /**
   * Ten minutes for the migration lock (another run may be applying a long migration), ten seconds
   * for table locks, and no statement limit (backfills and index builds may rightly take long).
   */
  public static final Timeouts DEFAULTS = new Timeouts(Duration.ofMinutes(10), "10s", "0");
}
