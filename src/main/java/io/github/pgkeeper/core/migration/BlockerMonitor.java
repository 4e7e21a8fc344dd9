package io.github.pgkeeper.core.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches, from a second connection, which sessions block the migration's statement, so that a lock
 * timeout can name them. By the time PostgreSQL reports the timeout the statement has been
 * cancelled and pg_blocking_pids() would find nothing, so the monitor samples while the statement
 * waits.
 */
final class BlockerMonitor implements AutoCloseable {
  private static final long SAMPLE_MILLIS = 200;

  private final Connection monitor;
  private final int migrationPid;
  private final ScheduledExecutorService scheduler;
  private volatile List<SessionInfo> lastBlockers = List.of();

  /** A monitor that watches nothing, for work that reports no blockers. */
  static final BlockerMonitor NONE = new BlockerMonitor();

  private BlockerMonitor() {
    this.monitor = null;
    this.migrationPid = 0;
    this.scheduler = null;
  }

  BlockerMonitor(Connection monitor, int migrationPid) {
    this.monitor = monitor;
    this.migrationPid = migrationPid;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "pgkeeper-blocker-monitor");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    try {
      List<SessionInfo> blockers = SessionInfo.blocking(monitor, migrationPid);
      if (!blockers.isEmpty()) {
        lastBlockers = blockers;
      }
    } catch (SQLException e) {
      // Only the message of a later lock timeout is poorer for it.
    }
  }

  /** The sessions seen blocking the migration most recently; empty if none was seen. */
  List<SessionInfo> lastBlockers() {
    return lastBlockers;
  }

  /** Forgets what was seen, before the next statement. */
  void reset() {
    lastBlockers = List.of();
  }

  @Override
  public void close() {
    if (scheduler == null) {
      return;
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
