package io.github.pgkeeper.core.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Another database session, as pg_stat_activity shows it: who holds a lock we wait for. Its query
 * is shortened, since it is meant for a message.
 */
record SessionInfo(
    int pid, String user, String application, String state, long seconds, String query) {
  private static final String COLUMNS =
      "SELECT pid, usename, application_name, state,"
          // How long it has been in its state: running its query, idle, or in its transaction.
          + " coalesce(extract(epoch FROM now() - CASE state WHEN 'active' THEN query_start"
          + " WHEN 'idle' THEN state_change ELSE coalesce(xact_start, state_change) END), 0)"
          + "::bigint,"
          + " left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 200)"
          + " FROM pg_stat_activity";

  /**
   * The sessions blocking backend {@code pid}, from pg_blocking_pids(). The asking session is left
   * out: a concurrent index build waits for every transaction older than its snapshot, the asking
   * query's own included, which would otherwise show up as a blocker with this very query.
   */
  static List<SessionInfo> blocking(Connection connection, int pid) throws SQLException {
    return query(
        connection,
        COLUMNS + " WHERE pid = ANY (pg_blocking_pids(?::int)) AND pid <> pg_backend_pid()",
        pid);
  }

  /** The sessions holding the advisory lock {@code key} (a single bigint key). */
  static List<SessionInfo> holdingAdvisoryLock(Connection connection, long key)
      throws SQLException {
    return query(
        connection,
        COLUMNS
            + " WHERE pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = ?)",
        key);
  }

  /** The sessions holding the advisory lock with the two int keys {@code (first, second)}. */
  static List<SessionInfo> holdingAdvisoryLock(Connection connection, int first, int second)
      throws SQLException {
    return query(
        connection,
        COLUMNS
            + " WHERE pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND objsubid = 2 AND classid::bigint = ? AND objid::bigint = ?)",
        Integer.toUnsignedLong(first),
        Integer.toUnsignedLong(second));
  }

  private static List<SessionInfo> query(Connection connection, String sql, long... parameters)
      throws SQLException {
    List<SessionInfo> sessions = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          sessions.add(
              new SessionInfo(
                  result.getInt(1),
                  result.getString(2),
                  result.getString(3),
                  result.getString(4),
                  result.getLong(5),
                  result.getString(6)));
        }
      }
    }
    return sessions;
  }

  /**
   * For example: pid 4242 (user app, application psql, idle in transaction for 35 s): SELECT ...
   */
  String describe() {
    return "pid "
        + pid
        + " (user "
        + user
        + (application == null || application.isEmpty() ? "" : ", application " + application)
        + ", "
        + state
        + " for "
        + seconds
        + " s): "
        + query;
  }
}
