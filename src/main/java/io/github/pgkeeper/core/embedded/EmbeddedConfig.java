package io.github.pgkeeper.core.embedded;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start an embedded PostgreSQL.
 *
 * @param dataDirectory where the cluster lives; wiped at start, so point it into the build folder
 * @param port the port to listen on, or 0 for a free one
 * @param database the database to create and connect to ({@code postgres} always exists)
 * @param password when set, the server requires it (SCRAM) for the {@code postgres} user; when
 *     null, local connections are trusted
 * @param serverSettings extra {@code postgresql.conf} settings
 */
public record EmbeddedConfig(
    Path dataDirectory,
    int port,
    String database,
    String password,
    Map<String, String> serverSettings) {

  public static final String USER = "postgres";

  public EmbeddedConfig {
    serverSettings = Map.copyOf(serverSettings);
  }
}
