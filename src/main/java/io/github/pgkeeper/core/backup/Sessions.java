package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.jdbc.SessionSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sessions of a backup: one leader that takes the snapshot, reads the catalog and holds the
 * table locks until the end, and COPY workers that share its snapshot. All of them use the session
 * settings pg_dump uses, so values come out the same whatever the role's or database's defaults.
 */
final class Sessions {
  private Sessions() {}

  /**
   * The leader's session, outside any transaction yet: {@link LeaderSnapshot} locks the tables
   * before it takes the snapshot.
   */
  static Connection openLeader(ConnectionConfig config, String lockTimeout) throws SQLException {
    return open(config, lockTimeout);
  }

  /** Makes the leader's snapshot importable by other sessions while its transaction is open. */
  static String exportSnapshot(Connection leader) throws SQLException {
    try (Statement statement = leader.createStatement();
        ResultSet result = statement.executeQuery("SELECT pg_export_snapshot()")) {
      result.next();
      return result.getString(1);
    }
  }

  /** A session that sees exactly the leader's snapshot. */
  static Connection openWorker(ConnectionConfig config, String snapshot, String lockTimeout)
      throws SQLException {
    Connection connection = open(config, lockTimeout);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
              + " SET TRANSACTION SNAPSHOT '"
              + snapshot.replace("'", "''")
              + "'");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  private static Connection open(ConnectionConfig config, String lockTimeout) throws SQLException {
    Connection connection = Connections.open(config);
    try (Statement statement = connection.createStatement()) {
      // As pg_dump: ISO dates, floats that round-trip, no timeouts cutting a long COPY short,
      // and row security off, so a role subject to a policy gets an error instead of a silently
      // partial dump. An empty search_path makes format_type() qualify every user type. Each
      // scan starts at the table's first page (synchronize_seqscans off), so every run writes
      // rows in the same order. No parallel plans: the catalog queries are slower with workers
      // that start with cold caches, and the COPY jobs are the backup's parallelism. No JIT, as
      // in pg_dump: compiling a catalog query of thousands of tables takes longer than running
      // it (0.8 s against 0.06 s for the listing of 5,000). Sent together: one round trip.
      boolean transactionTimeout = connection.getMetaData().getDatabaseMajorVersion() >= 17;
      statement.execute(
          "SET DateStyle = ISO; SET IntervalStyle = postgres; SET extra_float_digits = 3;"
              + " SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0;"
              + " SET row_security = off; SET search_path = ''; SET synchronize_seqscans = off;"
              + " SET max_parallel_workers_per_gather = 0; SET jit = off"
              + (transactionTimeout ? "; SET transaction_timeout = 0" : ""));
      // How long a session waits for a table lock before the backup fails with a clear message.
      SessionSettings.lockTimeout(connection, lockTimeout, false);
      connection.setAutoCommit(false);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }
}
