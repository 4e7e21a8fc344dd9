package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.ConnectionResolver;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The connection parameters of the goals that talk to a database. Without any of them, the goal
 * uses what db:start published earlier in the build, or the DATABASE_URL environment variable.
 */
abstract class AbstractConnectedMojo extends AbstractDbMojo {
  /**
   * The database: {@code jdbc:postgresql://host:5432/db} or {@code postgres://user:pass@host/db}.
   * db:start sets it for the rest of the build.
   */
  @Parameter(property = "db.url")
  String url;

  /** The user to connect as. */
  @Parameter(property = "db.user")
  String user;

  /**
   * The password. Prefer {@code serverId}, which keeps it out of the POM and the command line.
   * Never printed, also not with -X.
   */
  @Parameter(property = "db.password")
  PlexusConfiguration password;

  /**
   * The id of a {@code <server>} in settings.xml whose username and (possibly encrypted) password
   * are used instead of {@code user} and {@code password}.
   */
  @Parameter(property = "db.serverId")
  String serverId;

  @Parameter(defaultValue = "${settings}", readonly = true)
  Settings settings;

  @Component SettingsDecrypter settingsDecrypter;

  ConnectionConfig connectionConfig() {
    String connectUser = user;
    String connectPassword = secret(password, Setting.PASSWORD);
    boolean fromServer = false;
    if (serverId != null && !serverId.isBlank()) {
      Server server = decryptedServer(serverId.trim());
      connectUser = server.getUsername() != null ? server.getUsername() : connectUser;
      fromServer = server.getPassword() != null;
      connectPassword = fromServer ? server.getPassword() : connectPassword;
      getLog().debug("Using the credentials of settings.xml server '" + serverId + "'");
    }
    ConnectionConfig config =
        ConnectionResolver.resolve(
            url, connectUser, connectPassword, System.getenv("DATABASE_URL"));
    if (fromServer) {
      config = config.withPasswordFrom(Setting.SERVER_ID);
    }
    getLog().debug("Connecting to " + config);
    return config;
  }

  private Server decryptedServer(String id) {
    Server server = settings == null ? null : settings.getServer(id);
    if (server == null) {
      throw new PgKeeperException(
          "settings.xml has no <server> with id '"
              + id
              + "'. Add one with <username> and <password>.",
          Setting.SERVER_ID);
    }
    SettingsDecryptionResult result =
        settingsDecrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
    for (SettingsProblem problem : result.getProblems()) {
      if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
        throw new PgKeeperException(
            "Cannot decrypt the password of settings.xml server '"
                + id
                + "': "
                + problem.getMessage(),
            Setting.SERVER_ID);
      }
    }
    return result.getServer();
  }
}
