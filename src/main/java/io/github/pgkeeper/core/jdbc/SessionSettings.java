package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Session settings that come from the user's configuration, checked by the server itself. */
public final class SessionSettings {
  private static final String INVALID_PARAMETER_VALUE = "22023";

  private SessionSettings() {}

  /**
   * Sets {@code lock_timeout}, for the session or ({@code local}) the transaction. A value the
   * server refuses is an error that names the lockTimeout setting.
   */
  public static void lockTimeout(Connection connection, String value, boolean local)
      throws SQLException {
    try (PreparedStatement set =
        connection.prepareStatement("SELECT set_config('lock_timeout', ?, ?)")) {
      set.setString(1, value);
      set.setBoolean(2, local);
      set.execute();
    } catch (SQLException e) {
      if (!INVALID_PARAMETER_VALUE.equals(e.getSQLState())) {
        throw e;
      }
      throw new PgKeeperException(
          "'"
              + value
              + "' is not a valid lock_timeout ("
              + e.getMessage()
              + "). Use a PostgreSQL duration such as 60s, 500ms or 5min.",
          Setting.LOCK_TIMEOUT,
          e);
    }
  }
}
