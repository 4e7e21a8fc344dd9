package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens connections, turning the usual connection failures into messages that say what to fix. */
public final class Connections {
  /** Shown in pg_stat_activity, so a DBA can tell our sessions apart. */
  public static final String APPLICATION_NAME = "pgkeeper";

  private Connections() {}

  public static Connection open(ConnectionConfig config) {
    Properties properties = new Properties();
    if (config.user() != null) {
      properties.setProperty("user", config.user());
    }
    if (config.password() != null) {
      properties.setProperty("password", config.password());
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    try {
      // The driver is used directly: DriverManager does not see drivers in a plugin's class realm.
      Connection connection = new Driver().connect(config.url(), properties);
      if (connection == null) {
        throw new PgKeeperException(
            "The PostgreSQL driver does not accept the URL " + config.maskedUrl(), Setting.URL);
      }
      return connection;
    } catch (SQLException e) {
      throw explain(config, e);
    }
  }

  private static PgKeeperException explain(ConnectionConfig config, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String target = config.maskedUrl() + (config.user() == null ? "" : " as " + config.user());
    String reason = ConnectionConfig.mask(e.getMessage());
    return switch (state) {
      case "28P01", "28000" ->
          new PgKeeperException(
              "Authentication failed for "
                  + target
                  + " ("
                  + reason
                  + "). Check the user and password, or the settings.xml server they come from.",
              Setting.PASSWORD,
              e);
      case "3D000" ->
          new PgKeeperException(
              "The database in " + target + " does not exist (" + reason + "). Fix the URL.",
              Setting.URL,
              e);
      case "08001", "08004", "08006" ->
          new PgKeeperException(
              "Cannot connect to "
                  + target
                  + ": "
                  + reason
                  + ". Is the server running and the URL right? For a throwaway database, run"
                  + " db:start before this goal.",
              Setting.URL,
              e);
      default ->
          new PgKeeperException(
              "Cannot connect to " + target + ": " + reason + " [SQLSTATE " + state + "]",
              Setting.URL,
              e);
    };
  }
}
