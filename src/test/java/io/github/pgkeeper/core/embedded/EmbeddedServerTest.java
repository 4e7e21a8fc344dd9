package io.github.pgkeeper.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.ChildJvm;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedServerTest {
  private static Path newDataDirectory() {
    return Path.of("target", "test-postgres", UUID.randomUUID().toString()).toAbsolutePath();
  }

  private static boolean exitsWithin(long pid, int seconds) throws Exception {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    return process.isEmpty()
        || process
            .get()
            .onExit()
            .thenApply(p -> true)
            .completeOnTimeout(false, seconds, TimeUnit.SECONDS)
            .get();
  }

  @Test
  void startsCreatesTheDatabaseAndStops() throws Exception {
    Path data = newDataDirectory();
    EmbeddedServer server =
        EmbeddedServer.start(new EmbeddedConfig(data, 0, "app", null, Map.of()), Logger.NONE);
    long postmaster = ParentWatchdog.postmasterPid(data);
    try {
      assertTrue(
          server.jdbcUrl().matches("jdbc:postgresql://localhost:\\d+/app"), server.jdbcUrl());
      assertEquals("app", Sql.value(server.connection(), "SELECT current_database()"));
      assertTrue(server.serverVersion().startsWith("17."), server.serverVersion());
      assertEquals(
          Map.of(
              "db.url",
              server.jdbcUrl(),
              "db.user",
              "postgres",
              "db.password",
              server.connection().password()),
          server.connectionProperties());
    } finally {
      server.close();
    }
    assertTrue(exitsWithin(postmaster, 10), "the postmaster stops");
    assertThrows(PgKeeperException.class, () -> Connections.open(server.connection()).close());
    server.close(); // a second close does nothing
  }

  @Test
  void aConfiguredPasswordIsRequired() {
    Path data = newDataDirectory();
    try (EmbeddedServer server =
        EmbeddedServer.start(
            new EmbeddedConfig(data, 0, "postgres", "s3cret!", Map.of()), Logger.NONE)) {
      assertEquals("1", Sql.value(server.connection(), "SELECT 1"));

      ConnectionConfig wrong = new ConnectionConfig(server.jdbcUrl(), "postgres", "wrong-password");
      PgKeeperException failure =
          assertThrows(PgKeeperException.class, () -> Connections.open(wrong).close());
      assertEquals(Setting.PASSWORD, failure.setting().orElseThrow());
      assertTrue(failure.getMessage().contains("Authentication failed"), failure.getMessage());
      assertFalse(failure.getMessage().contains("wrong-password"), failure.getMessage());

      ConnectionConfig none = new ConnectionConfig(server.jdbcUrl(), "postgres", null);
      assertThrows(PgKeeperException.class, () -> Connections.open(none).close());
    }
  }

  @Test
  void startWipesWhatAnEarlierRunLeftInTheDataDirectory() throws Exception {
    Path data = newDataDirectory();
    Files.createDirectories(data);
    Files.writeString(data.resolve("PG_VERSION"), "left over");
    try (EmbeddedServer server =
        EmbeddedServer.start(
            new EmbeddedConfig(data, 0, "postgres", null, Map.of()), Logger.NONE)) {
      assertEquals("1", Sql.value(server.connection(), "SELECT 1"));
    }
  }

  @Test
  void serverSettingsReachPostgresqlConf() {
    Path data = newDataDirectory();
    try (EmbeddedServer server =
        EmbeddedServer.start(
            new EmbeddedConfig(data, 0, "postgres", null, Map.of("work_mem", "7MB")),
            Logger.NONE)) {
      assertEquals("7MB", Sql.value(server.connection(), "SHOW work_mem"));
    }
  }

  @Test
  void connectingToAPortWithNoServerSaysWhatToDo() {
    ConnectionConfig nowhere = new ConnectionConfig("jdbc:postgresql://localhost:1/db", "u", "pw");
    PgKeeperException failure =
        assertThrows(PgKeeperException.class, () -> Connections.open(nowhere).close());
    assertEquals(Setting.URL, failure.setting().orElseThrow());
    assertTrue(failure.getMessage().contains("db:start"), failure.getMessage());
  }

  @Test
  void theServerDiesWithAJvmThatIsKilledOutright() throws Exception {
    Path data = newDataDirectory();
    try (ChildJvm child = ChildJvm.start(StartServerAndWait.class, data.toString())) {
      String[] ready = child.awaitLine("READY", Duration.ofSeconds(120)).split(" ");
      long postmaster = Long.parseLong(ready[1]);
      Optional<ProcessHandle> server = ProcessHandle.of(postmaster);
      assertTrue(server.isPresent() && server.get().isAlive(), "postmaster runs");

      child.killHard();

      boolean stopped =
          server
              .get()
              .onExit()
              .thenApply(p -> true)
              .completeOnTimeout(false, 20, java.util.concurrent.TimeUnit.SECONDS)
              .get();
      assertTrue(stopped, "the postmaster of a SIGKILLed JVM must stop within 20 s");
      Path socketDirectory = Path.of(ready[3]);
      for (int poll = 0; poll < 40 && Files.exists(socketDirectory); poll++) {
        Thread.sleep(250);
      }
      assertFalse(Files.exists(socketDirectory), "its private socket directory is removed too");
    }
  }

  @Test
  void aServerThatCannotStartIsReportedWithTheEndOfItsLog() {
    Path data = newDataDirectory();
    EmbeddedConfig config =
        new EmbeddedConfig(data, 0, "postgres", null, Map.of("shared_buffers", "lots"));
    PgKeeperException failure =
        assertThrows(PgKeeperException.class, () -> EmbeddedServer.start(config, Logger.NONE));
    assertEquals(Setting.EMBEDDED_DATA_DIRECTORY, failure.setting().orElseThrow());
    assertTrue(failure.getMessage().contains(config.logFile().toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("shared_buffers"), failure.getMessage());
  }

  @Test
  void serverSettingsAreParsedFromNameValuePairs() {
    assertEquals(
        Map.of("work_mem", "64MB", "search_path", "app,public"),
        EmbeddedConfig.parseSettings(
            java.util.List.of("work_mem=64MB", " search_path = app,public")));
    PgKeeperException bad =
        assertThrows(
            PgKeeperException.class,
            () -> EmbeddedConfig.parseSettings(java.util.List.of("work_mem")));
    assertEquals(Setting.EMBEDDED_SERVER_SETTINGS, bad.setting().orElseThrow());
    assertTrue(bad.getMessage().contains("'work_mem'"), bad.getMessage());
  }
}
