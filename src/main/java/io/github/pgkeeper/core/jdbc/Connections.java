package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.PgKeeperException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;

/** Opens connections, turning the usual connection failures into messages that say what to fix. */
public final class Connections {
  /** Shown in pg_stat_activity, so a DBA can tell our sessions apart. */
  public static final String APPLICATION_NAME = "pgkeeper";

  private Connections() {}

  /**
   * @throws PgKeeperException naming what to fix; no message shows a password, also not one in the
   *     user info of a JDBC URL, which is moved into the credentials first
   */
  public static Connection open(ConnectionConfig config) {
    DriverLog.install();
    ConnectionConfig target = withUserInfoMoved(config);
    Properties properties = new Properties();
    if (target.user() != null) {
      properties.setProperty("user", target.user());
    }
    if (target.password() != null) {
      properties.setProperty("password", target.password());
    }
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    try {
      // The driver is used directly: DriverManager does not see drivers in a plugin's class realm.
      Connection connection = new Driver().connect(target.url(), properties);
      if (connection == null) {
        throw new PgKeeperException(
            "The PostgreSQL driver does not accept the URL " + target.maskedUrl(),
            target.urlSetting());
      }
      return connection;
    } catch (SQLException e) {
      throw explain(target, e);
    }
  }

  /**
   * pgjdbc has no user info in its URLs: it would take {@code user:password@host} for a host name
   * and quote it in its error. Explicit credentials win over the URL's, as in the resolver.
   */
  private static ConnectionConfig withUserInfoMoved(ConnectionConfig config) {
    ConnectionConfig parsed =
        DatabaseUrl.parse(config.url(), "The database URL", config.urlSetting());
    boolean passwordGiven = config.password() != null || parsed.password() == null;
    return new ConnectionConfig(
        parsed.url(),
        config.user() != null ? config.user() : parsed.user(),
        passwordGiven ? config.password() : parsed.password(),
        config.urlSetting(),
        passwordGiven ? config.passwordSetting() : config.urlSetting());
  }

  private static PgKeeperException explain(ConnectionConfig config, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String target = config.maskedUrl() + (config.user() == null ? "" : " as " + config.user());
    // The driver's sentences end with a full stop; ours follow them.
    String reason =
        ConnectionConfig.mask(String.valueOf(e.getMessage())).replaceAll("[.\\s]+$", "");
    return switch (state) {
      case "28P01", "28000" ->
          new PgKeeperException(
              "Authentication failed for "
                  + target
                  + " ("
                  + reason
                  + "). Check the user and password, or the settings.xml server they come from.",
              config.passwordSetting(),
              e);
      case "3D000" ->
          new PgKeeperException(
              "The database in " + target + " does not exist (" + reason + "). Fix the URL.",
              config.urlSetting(),
              e);
      case "08001", "08004", "08006" ->
          new PgKeeperException(
              "Cannot connect to "
                  + target
                  + ": "
                  + reason
                  + ". Is the server running and the URL right? For a throwaway database, run"
                  + " db:start before this goal.",
              config.urlSetting(),
              e);
      default ->
          new PgKeeperException(
              "Cannot connect to " + target + ": " + reason + " [SQLSTATE " + state + "]",
              config.urlSetting(),
              e);
    };
  }
}
