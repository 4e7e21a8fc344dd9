package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What Maven prints of a failure, with -e and -X its whole cause chain too, never holds a password
 * that a driver message quoted.
 */
class MaskedFailureTest {
  private static String printed(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void aFailureAndEveryCauseMavenPrintsAreMasked() {
    SQLException driver =
        new SQLException("Unable to parse URL jdbc:postgresql://app:CANARY/x@h/db?password=CANARY");
    driver.addSuppressed(new IllegalStateException("postgres://app:CANARY@h/db"));
    PgKeeperException engine =
        new PgKeeperException(
            "Cannot connect to postgres://app:CANARY#x@h/db", Setting.DATABASE_URL, driver);

    Exception failure = Parameters.failure(engine);

    String printed = printed(failure);
    assertFalse(printed.contains("CANARY"), printed);
    assertTrue(
        failure.getMessage().endsWith("Configure: " + Parameters.describe(Setting.DATABASE_URL)),
        failure.getMessage());
    assertTrue(printed.contains("java.sql.SQLException: Unable to parse URL"), printed);
    assertEquals(
        driver.getStackTrace()[0], failure.getCause().getCause().getStackTrace()[0], "kept");
  }

  @Test
  void anUnexpectedErrorIsMaskedToo() {
    Exception failure =
        Parameters.unexpected(
            new IllegalArgumentException(
                "bad postgres://app:CANARY/x@h/db",
                new Error("at jdbc:postgresql://app:CANARY@h:5432/db")));
    assertFalse(printed(failure).contains("CANARY"), printed(failure));
    assertTrue(failure.getMessage().startsWith("Unexpected error: "), failure.getMessage());
  }

  @Test
  void aPasswordFromDatabaseUrlPointsThere() {
    assertTrue(Parameters.describe(Setting.DATABASE_URL).startsWith("the DATABASE_URL"));
    assertEquals(
        "<password> of db:start (-Ddb.embedded.password)",
        Parameters.describe(Setting.EMBEDDED_PASSWORD));
  }
}
