package io.github.pgkeeper.core.restore;

import static io.github.pgkeeper.core.restore.Restore.ROLLED_BACK;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.SessionSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The settings each restore transaction runs with (SET LOCAL: a transaction's own). */
final class RestoreSession {
  private static final String REPLICA_ROLE_DENIED = "42501";

  private RestoreSession() {}

  /** Settings for this transaction only: no timeout cuts a long load short. */
  static void transactionSettings(Connection connection, RestoreConfig config, int serverMajor)
      throws SQLException {
    SessionSettings.lockTimeout(connection, config.lockTimeout(), true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL statement_timeout = 0");
      statement.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
      if (serverMajor >= 14) {
        // A killed client is noticed within a second even during a long index build, and its
        // transaction rolled back at once.
        statement.execute("SET LOCAL client_connection_check_interval = '1s'");
      }
      if (serverMajor >= 17) {
        statement.execute("SET LOCAL transaction_timeout = 0");
      }
    }
  }

  /**
   * As the backup wrote the text, and fully qualified names in the definitions recorded.
   *
   * @return the session's own row_security, to refresh materialized views as it would
   */
  static String loadSettings(Connection connection, RestoreConfig config) throws SQLException {
    String sessionRowSecurity;
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL search_path = ''");
      statement.execute("SET LOCAL DateStyle = ISO");
      statement.execute("SET LOCAL IntervalStyle = postgres");
      // Index builds and foreign-key validation sort in memory when they can.
      statement.execute(
          "SELECT set_config('maintenance_work_mem', '256MB', true)"
              + " WHERE pg_size_bytes(current_setting('maintenance_work_mem'))"
              + " < 256 * 1024 * 1024");
      statement.execute("SET CONSTRAINTS ALL DEFERRED");
      // A policy that still applies fails the statement instead of hiding rows from a check.
      try (ResultSet current = statement.executeQuery("SHOW row_security")) {
        current.next();
        sessionRowSecurity = current.getString(1);
      }
      statement.execute("SET LOCAL row_security = off");
      if (config.replicaRole()) {
        try {
          statement.execute("SET LOCAL session_replication_role = replica");
        } catch (SQLException e) {
          if (REPLICA_ROLE_DENIED.equals(e.getSQLState())) {
            throw new PgKeeperException(
                "replicaRole needs a superuser (session_replication_role = replica): "
                    + e.getMessage()
                    + ". Turn it off: the restore handles foreign keys without it."
                    + ROLLED_BACK,
                Setting.RESTORE_REPLICA_ROLE,
                e);
          }
          throw e;
        }
      }
    }
    return sessionRowSecurity;
  }
}
