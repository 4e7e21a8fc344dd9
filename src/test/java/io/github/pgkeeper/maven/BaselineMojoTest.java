package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The parts of db:baseline that are Maven's: the -Dversion fallback and parameter names. */
class BaselineMojoTest {
  @Test
  void thePlainVersionPropertyIsAFallbackForDbBaselineVersion() {
    Properties user = new Properties();
    user.setProperty("version", "002");

    assertEquals("005", BaselineMojo.versionOrFallback("005", user));
    assertEquals("002", BaselineMojo.versionOrFallback(null, user));
    assertEquals("002", BaselineMojo.versionOrFallback(" ", user));
    assertNull(BaselineMojo.versionOrFallback(null, new Properties()));
    assertNull(BaselineMojo.versionOrFallback(null, null));
  }

  @Test
  void failuresNameTheBaselineParameters() {
    assertEquals(
        "x"
            + System.lineSeparator()
            + "  Configure: <version> (-Ddb.baseline.version or -Dversion)",
        Parameters.failure(new PgKeeperException("x", Setting.BASELINE_VERSION)).getMessage());
    assertEquals(
        "<from> (-Ddb.baseline.from=flyway|supabase)", Parameters.describe(Setting.BASELINE_FROM));
  }
}
