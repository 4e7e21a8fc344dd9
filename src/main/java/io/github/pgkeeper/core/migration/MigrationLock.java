package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes concurrent migrate runs against one database take turns. It holds a session-level advisory
 * lock on a connection of its own, outside any transaction, so that:
 *
 * <ul>
 *   <li>a migration can run {@code CREATE INDEX CONCURRENTLY} while another run waits: the waiter
 *       holds no transaction the index build would have to wait for (Flyway's transaction-scoped
 *       lock deadlocks here);
 *   <li>a run that is killed loses its connection, and the server releases the lock.
 * </ul>
 *
 * The key is derived from the history table's name, so sets with different history tables in one
 * database do not block each other. While it waits, it logs who holds the lock. The holding session
 * itself sits idle, its last query being this class's own; so a run marks the session that does its
 * work ({@link #showWorkIn}), and a waiting run shows what that session is doing. db:restore takes
 * the same lock, so a restore never runs while the history it compared is being changed.
 */
public final class MigrationLock implements AutoCloseable {
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private final Connection connection;
  private final long key;
  private final int pid;

  private MigrationLock(Connection connection, long key, int pid) {
    this.connection = connection;
    this.key = key;
    this.pid = pid;
  }

  public static MigrationLock acquire(
      ConnectionConfig config, HistoryTable history, Duration waitTimeout, Logger log) {
    return acquire(Connections.open(config), history, waitTimeout, log);
  }

  /** Takes the lock on {@code connection}, which it then owns and closes. */
  public static MigrationLock acquire(
      Connection connection, HistoryTable history, Duration waitTimeout, Logger log) {
    long key = key(history.displayName());
    try {
      connection.setAutoCommit(true);
      long started = System.nanoTime();
      long nextReport = 0;
      long pause = 50;
      int pid;
      while ((pid = tryLock(connection, key)) == 0) {
        long waited = System.nanoTime() - started;
        if (waited >= waitTimeout.toNanos()) {
          throw new PgKeeperException(
              "Gave up waiting for the migration lock after "
                  + waitTimeout.toSeconds()
                  + " s. Another run (db:migrate, db:restore, …) holds it: "
                  + holders(connection, key)
                  + ". Wait for it to finish, or raise the lock wait timeout.",
              Setting.LOCK_WAIT_TIMEOUT);
        }
        if (waited >= nextReport) {
          log.info("Waiting for the migration lock, held by " + holders(connection, key));
          nextReport = waited + REPORT_EVERY.toNanos();
        }
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 1000);
      }
      return new MigrationLock(connection, key, pid);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new PgKeeperException(
          "Cannot take the migration lock: " + e.getMessage(), Setting.URL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(connection);
      throw new PgKeeperException("Interrupted while waiting for the migration lock");
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * Marks {@code worker} as the session that does this run's work, with a shared advisory lock on
   * (a key of its own, the lock holder's pid) that lasts as long as the session. A waiting run
   * finds it from the holder's pid.
   */
  public void showWorkIn(Connection worker) throws SQLException {
    try (PreparedStatement mark = worker.prepareStatement("SELECT pg_advisory_lock_shared(?, ?)")) {
      mark.setInt(1, workKey(key));
      mark.setInt(2, pid);
      mark.execute();
    }
  }

  /** The first half of the two-int advisory lock that marks a run's working session. */
  static int workKey(long key) {
    return (int) (key >>> 33);
  }

  /** The idle connection that holds the lock; the blocker monitor borrows it. */
  Connection connection() {
    return connection;
  }

  @Override
  public void close() {
    try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      unlock.setLong(1, key);
      unlock.execute();
    } catch (SQLException ignored) {
      // Closing the connection below releases the lock anyway.
    } finally {
      closeQuietly(connection);
    }
  }

  /** A stable, non-negative 64-bit key for the history table's name. */
  static long key(String historyTable) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(("pgkeeper:" + historyTable).getBytes(StandardCharsets.UTF_8));
      long key = 0;
      for (int i = 0; i < 8; i++) {
        key = (key << 8) | (hash[i] & 0xff);
      }
      return key & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Takes the lock if it is free; returns this session's pid if it did, 0 if not. */
  private static int tryLock(Connection connection, long key) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("SELECT pg_try_advisory_lock(?), pg_backend_pid()")) {
      lock.setLong(1, key);
      try (ResultSet result = lock.executeQuery()) {
        result.next();
        return result.getBoolean(1) ? result.getInt(2) : 0;
      }
    }
  }

  /**
   * Who holds the lock: for a migrate run, the session doing its work and what it runs; for any
   * other holder, that session and its last query.
   */
  static String holders(Connection connection, long key) throws SQLException {
    List<SessionInfo> sessions = SessionInfo.holdingAdvisoryLock(connection, key);
    if (sessions.isEmpty()) {
      return "a session that just ended";
    }
    List<String> described = new ArrayList<>();
    for (SessionInfo holder : sessions) {
      List<SessionInfo> workers =
          SessionInfo.holdingAdvisoryLock(connection, workKey(key), holder.pid());
      described.add(
          workers.isEmpty()
              ? holder.describe()
              : "a "
                  + goal(holder)
                  + " run (lock session pid "
                  + holder.pid()
                  + ") working in "
                  + workers.stream().map(SessionInfo::describe).collect(Collectors.joining("; ")));
    }
    return String.join("; ", described);
  }

  /**
   * The goal a holding run names in its lock session's application name ({@code pgkeeper
   * db:restore}); migrate, which holds the lock most often, does not.
   */
  private static String goal(SessionInfo holder) {
    String prefix = Connections.APPLICATION_NAME + " ";
    String application = holder.application();
    return application != null && application.startsWith(prefix)
        ? application.substring(prefix.length())
        : "migrate";
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more to release.
    }
  }
}
