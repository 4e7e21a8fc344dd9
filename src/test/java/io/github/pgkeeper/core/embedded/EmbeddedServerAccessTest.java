package io.github.pgkeeper.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded server admits nobody without its password, and nobody from another machine: a
 * superuser session can run programs as the server's operating-system user.
 */
class EmbeddedServerAccessTest {
  private static final RecordingLogger LOG = new RecordingLogger();
  private static EmbeddedServer server;

  @BeforeAll
  static void start() {
    server = EmbeddedServer.start(config(null), LOG);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static EmbeddedConfig config(String password) {
    Path data = Path.of("target", "test-postgres", UUID.randomUUID().toString()).toAbsolutePath();
    return new EmbeddedConfig(data, 0, "app", password, Map.of());
  }

  private static ConnectionConfig as(String password) {
    return new ConnectionConfig(server.jdbcUrl(), EmbeddedConfig.USER, password);
  }

  @Test
  void aConnectionWithoutThePasswordIsRefused() {
    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> Connections.open(as(null)).close());
    assertTrue(refused.getMessage().contains("no password was provided"), refused.getMessage());
  }

  @Test
  void aWrongPasswordIsRefused() {
    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> Connections.open(as("guessed")).close());
    assertTrue(refused.getMessage().contains("Authentication failed"), refused.getMessage());
  }

  @Test
  void theServerReportsAConnectionWithItsGeneratedPasswordAndPublishesIt() {
    String password = server.connection().password();
    assertEquals(32, password.length(), "24 random bytes, base64url");
    assertEquals("1", Sql.value(as(password), "SELECT 1"));
    assertEquals(password, server.connectionProperties().get("db.password"));
  }

  @Test
  void everyRuleOfPgHbaRequiresScramAndAdmitsOnlyThisMachine() {
    assertEquals(
        List.of("local::scram-sha-256", "host:127.0.0.1:scram-sha-256", "host:::1:scram-sha-256"),
        Sql.column(
            server.connection(),
            "SELECT type || ':' || coalesce(address, '') || ':' || auth_method"
                + " FROM pg_hba_file_rules ORDER BY rule_number"));
    assertEquals("scram-sha-256", Sql.value(server.connection(), "SHOW password_encryption"));
    assertTrue(
        Sql.value(
                server.connection(),
                "SELECT rolpassword FROM pg_authid WHERE rolname = current_user")
            .startsWith("SCRAM-SHA-256$"));
  }

  @Test
  void theServerListensOnLoopbackOnly() throws IOException {
    assertEquals("localhost", Sql.value(server.connection(), "SHOW listen_addresses"));
    Optional<InetAddress> external = nonLoopbackAddress();
    if (external.isPresent()) {
      try (Socket socket = new Socket()) {
        assertThrows(
            IOException.class,
            () -> socket.connect(new InetSocketAddress(external.get(), server.port()), 2000),
            "nothing listens on " + external.get() + ":" + server.port());
      }
    }
  }

  @Test
  void theDataFolderSocketFolderAndLogAreTheUsersAlone() throws IOException {
    Path data = server.config().dataDirectory();
    Path socketDirectory = server.socketDirectory().orElseThrow();
    assertEquals("rwx------", permissions(data));
    assertEquals("rwx------", permissions(socketDirectory));
    assertEquals("rw-------", permissions(server.config().logFile()));
    assertNotEquals(Path.of("/tmp"), socketDirectory);
    assertEquals(
        socketDirectory.toString(), Sql.value(server.connection(), "SHOW unix_socket_directories"));
    assertTrue(
        Files.exists(socketDirectory.resolve(".s.PGSQL." + server.port())),
        "the server's socket is in its private directory");
  }

  @Test
  void theGeneratedPasswordIsNeverLoggedAndNoFileOutsideTheDataFolderKeepsIt() throws IOException {
    String password = server.connection().password();
    assertFalse(LOG.lines.isEmpty(), "the start was logged");
    assertFalse(LOG.all().contains(password), LOG.all());
    assertFalse(Files.readString(server.config().logFile()).contains(password));
  }

  @Test
  void twoStartsGetDifferentPasswordsAndAStoppedServerLeavesNoSocketFolder() {
    Path socketDirectory;
    String password;
    try (EmbeddedServer second = EmbeddedServer.start(config(null), LOG)) {
      password = second.connection().password();
      socketDirectory = second.socketDirectory().orElseThrow();
      assertEquals("1", Sql.value(second.connection(), "SELECT 1"));
    }
    assertNotEquals(server.connection().password(), password);
    assertFalse(Files.exists(socketDirectory), socketDirectory + " is removed");
  }

  @Test
  void aConfiguredPasswordIsTheOneRequiredAndPublished() {
    try (EmbeddedServer configured = EmbeddedServer.start(config("s3cret!"), LOG)) {
      assertEquals("s3cret!", configured.connectionProperties().get("db.password"));
      ConnectionConfig withIt =
          new ConnectionConfig(configured.jdbcUrl(), EmbeddedConfig.USER, "s3cret!");
      assertEquals("app", Sql.value(withIt, "SELECT current_database()"));
      ConnectionConfig generated =
          new ConnectionConfig(
              configured.jdbcUrl(), EmbeddedConfig.USER, server.connection().password());
      assertThrows(PgKeeperException.class, () -> Connections.open(generated).close());
    }
  }

  @Test
  void aConfiguredPasswordWithALineBreakIsRefusedWithoutShowingIt() {
    // initdb reads the first line of its password file only.
    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> config("CANARY\nsecond line"));
    assertFalse(refused.getMessage().contains("CANARY"), refused.getMessage());
    assertEquals(Setting.EMBEDDED_PASSWORD, refused.setting().orElseThrow());
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** An IPv4 address of this machine that is not loopback, if it has one. */
  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(EmbeddedServerAccessTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }

  private static boolean isUp(NetworkInterface network) {
    try {
      return network.isUp() && !network.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
