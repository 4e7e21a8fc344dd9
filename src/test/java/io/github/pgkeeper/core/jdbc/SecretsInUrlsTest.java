package io.github.pgkeeper.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.sql.Connection;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.Driver;

/**
 * A password inside a URL never reaches a message, whatever the user got wrong writing it: every
 * password below holds the canary, and no message, log line or driver warning may show it.
 */
class SecretsInUrlsTest {
  private static final String CANARY = "CANARY";

  private static void assertNoCanary(String text) {
    assertFalse(text.contains(CANARY), text);
  }

  private static PgKeeperException refusedAsUrl(String url) {
    return assertThrows(
        PgKeeperException.class, () -> ConnectionResolver.resolve(url, null, null, null));
  }

  private static PgKeeperException refusedAsDatabaseUrl(String url) {
    return assertThrows(
        PgKeeperException.class, () -> ConnectionResolver.resolve(null, null, null, url));
  }

  /** Connecting with the URL as it is, not resolved first: how the engine's callers may do it. */
  private static PgKeeperException refusedOnConnect(String url) {
    return assertThrows(
        PgKeeperException.class,
        () -> Connections.open(new ConnectionConfig(url, null, null)).close());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a / ? or # read as the end of the host: each refused, naming its encoding
        "postgres://postgres:CANARY/x@127.0.0.1:5499/postgres | %2F",
        "postgresql://app:CANARY?x@h/db | %3F",
        "postgres://app:CANARY#x@h/db | %23",
        "jdbc:postgresql://app:CANARY/x@127.0.0.1:5499/postgres | %2F",
        "jdbc:postgresql://app:CANARY#x@127.0.0.1:5499/postgres | %23",
        // a password starting with digits reads as a valid port; what follows gives it away
        "postgres://app:12/CANARY@h/db | %2F",
        "postgres://app:12#CANARY@h/db | %23",
        "postgres://app:12?CANARY@h/db | %3F",
        // a bad escape, a space, a password taken for a port, a host without its slash
        "postgres://app:CANARY%zz@h/db | %25",
        "postgres://app:CANARY x@h/db | %20",
        "jdbc:postgresql://h:CANARY/db | %40",
        "jdbc:postgresql://app:CANARY@h:5432 | %40",
        "jdbc:postgresql://app:CANARY@h:5432/db/more | %2F",
        "postgres://app:CANARY@/db | %40",
      })
  void aUrlThatCannotBeReadUnambiguouslyIsRefusedWithoutShowingThePassword(
      String url, String encoding) {
    for (PgKeeperException refused :
        new PgKeeperException[] {
          refusedAsUrl(url), refusedAsDatabaseUrl(url), refusedOnConnect(url)
        }) {
      assertNoCanary(refused.getMessage());
      assertTrue(refused.getMessage().contains("is not a valid"), refused.getMessage());
      assertTrue(refused.getMessage().contains(encoding), refused.getMessage());
    }
    assertEquals(Setting.URL, refusedAsUrl(url).setting().orElseThrow());
    assertEquals(Setting.DATABASE_URL, refusedAsDatabaseUrl(url).setting().orElseThrow());
    assertTrue(refusedAsDatabaseUrl(url).getMessage().startsWith("The DATABASE_URL"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://app:CANARY@127.0.0.1:5499/postgres"
            + " | jdbc:postgresql://127.0.0.1:5499/postgres | app | CANARY",
        "jdbc:postgresql://app:CAN%2FARY%23@h1:5432,h2:5433/db?sslmode=require"
            + " | jdbc:postgresql://h1:5432,h2:5433/db?sslmode=require | app | CAN/ARY#",
        "postgres://app:CANARY%2Fx%3Fy%23z%25@[::1]:5433/db"
            + " | jdbc:postgresql://[::1]:5433/db | app | CANARY/x?y#z%",
        "postgres://app:CANARY@x:y@h/db | jdbc:postgresql://h/db | app | CANARY@x:y",
        "postgres://app@h/db?user=me@corp&options=-c%20a%3Db"
            + " | jdbc:postgresql://h/db?user=me@corp&options=-c%20a%3Db | app |",
        "jdbc:postgresql://h/db?options=-c search_path=app"
            + " | jdbc:postgresql://h/db?options=-c search_path=app | |",
      })
  void userInfoIsMovedIntoTheCredentialsInBothForms(
      String url, String jdbcUrl, String user, String password) {
    ConnectionConfig config = ConnectionResolver.resolve(url, null, null, null);
    assertEquals(jdbcUrl, config.url());
    assertEquals(user, config.user());
    assertEquals(password, config.password());
    assertNoCanary(config.toString());
    assertNoCanary(config.maskedUrl());
  }

  @Test
  void aJdbcUrlWithUserInfoConnectsWithItsCredentials() {
    ConnectionConfig admin = TestDatabases.server().connection();
    String withUserInfo =
        admin
            .url()
            .replace("jdbc:postgresql://", "jdbc:postgresql://postgres:" + admin.password() + "@");
    ConnectionConfig config = ConnectionResolver.resolve(withUserInfo, null, null, null);
    assertEquals(admin.url(), config.url());
    assertEquals("1", Sql.value(config, "SELECT 1"));
    assertEquals("1", Sql.value(new ConnectionConfig(withUserInfo, null, null), "SELECT 1"));
  }

  @Test
  void aWrongPasswordInUserInfoFailsWithoutShowingItAndPointsAtItsSource() {
    String url =
        TestDatabases.server()
            .jdbcUrl()
            .replace("jdbc:postgresql://localhost", "jdbc:postgresql://app:CANARY@127.0.0.1");
    PgKeeperException asUrl =
        assertThrows(
            PgKeeperException.class,
            () -> Connections.open(ConnectionResolver.resolve(url, null, null, null)).close());
    assertNoCanary(asUrl.getMessage());
    assertTrue(asUrl.getMessage().contains("Authentication failed"), asUrl.getMessage());
    assertEquals(Setting.URL, asUrl.setting().orElseThrow());

    String databaseUrl = url.replace("jdbc:postgresql://", "postgres://");
    PgKeeperException fromEnvironment =
        assertThrows(
            PgKeeperException.class,
            () ->
                Connections.open(ConnectionResolver.resolve(null, null, null, databaseUrl))
                    .close());
    assertNoCanary(fromEnvironment.getMessage());
    assertEquals(Setting.DATABASE_URL, fromEnvironment.setting().orElseThrow());

    PgKeeperException explicit =
        assertThrows(
            PgKeeperException.class,
            () ->
                Connections.open(ConnectionResolver.resolve(null, null, "CANARY2", databaseUrl))
                    .close());
    assertNoCanary(explicit.getMessage());
    assertEquals(Setting.PASSWORD, explicit.setting().orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "jdbc:postgresql://app:CANARY@127.0.0.1:1/postgres",
    "postgres://app:CANARY@127.0.0.1:1/postgres",
    "jdbc:postgresql://app:CANARY@no-such-host.invalid:5432/postgres",
    "jdbc:postgresql://127.0.0.1:1/postgres?user=app&password=CANARY&sslpassword=CANARY",
  })
  void aServerThatCannotBeReachedIsReportedWithoutThePassword(String url) {
    PgKeeperException resolved =
        assertThrows(
            PgKeeperException.class,
            () -> Connections.open(ConnectionResolver.resolve(url, null, null, null)).close());
    assertNoCanary(resolved.getMessage());
    assertTrue(resolved.getMessage().startsWith("Cannot connect to"), resolved.getMessage());
    assertEquals(Setting.URL, resolved.setting().orElseThrow());
    if (url.startsWith("jdbc:")) {
      assertNoCanary(refusedOnConnect(url).getMessage());
    }
  }

  @Test
  void theDriversOwnWarningsReachTheEngineLogMaskedInsteadOfTheConsole() throws Exception {
    RecordingLogger log = new RecordingLogger();
    Logger previous = DriverLog.routeTo(log);
    try {
      DriverLog.install();
      // pgjdbc itself, given a URL nobody resolved: it warns about the port it cannot read.
      Connection none = new Driver().connect("jdbc:postgresql://h:CANARY/db", new Properties());
      assertNull(none);
    } catch (java.sql.SQLException expected) {
      assertNoCanary(ConnectionConfig.mask(expected.getMessage()));
    } finally {
      DriverLog.routeTo(previous);
    }
    assertTrue(
        log.warnings().stream().anyMatch(line -> line.startsWith("PostgreSQL driver: JDBC URL")),
        log.all());
    assertNoCanary(log.all());
    assertFalse(
        java.util.logging.Logger.getLogger("org.postgresql").getUseParentHandlers(),
        "java.util.logging's console handler never sees the driver's records");
  }

  @Test
  void aDriverRecordQuotingAUrlOrAValueIsMasked() {
    LogRecord record = new LogRecord(Level.WARNING, "Unable to parse URL {0} with port {1}");
    record.setParameters(new Object[] {"jdbc:postgresql://app:CANARY/x@h/db", "CANARY"});
    String line = DriverLog.line(record);
    assertNoCanary(line);
    assertTrue(line.startsWith("PostgreSQL driver: Unable to parse URL jdbc:postgresql://app:"));
  }
}
