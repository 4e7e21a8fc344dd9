package io.github.pgkeeper.testing;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL per test JVM, started from the embedded binaries on first use, and a fresh
 * database per test so tests never see each other's tables.
 */
public final class TestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedServer server;

  private TestDatabases() {}

  public static synchronized EmbeddedServer server() {
    if (server == null) {
      Path dataDirectory =
          Path.of("target", "test-postgres", UUID.randomUUID().toString()).toAbsolutePath();
      server =
          EmbeddedServer.start(
              new EmbeddedConfig(dataDirectory, 0, "postgres", null, Map.of()), Logger.NONE);
    }
    return server;
  }

  /** A new, empty database on the shared server. */
  public static ConnectionConfig freshDatabase() {
    String name = "test_" + COUNTER.incrementAndGet();
    ConnectionConfig admin = server().connection();
    try (Connection connection = Connections.open(admin);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return new ConnectionConfig(
        admin.url().replaceAll("/[^/]*$", "/" + name), admin.user(), admin.password());
  }
}
