package io.github.pgkeeper.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlavorTest {
  @Test
  void namesAreReadInAnyCase() {
    assertEquals(Flavor.SUPABASE, Flavor.parse(" Supabase "));
    assertEquals(Flavor.PLAIN, Flavor.parse("plain"));
  }

  @Test
  void anUnknownNameListsTheFlavorsAndNamesTheSetting() {
    PgKeeperException e = assertThrows(PgKeeperException.class, () -> Flavor.parse("firebase"));
    assertEquals(
        "Unknown embedded database flavor 'firebase'. Use one of: plain, supabase.",
        e.getMessage());
    assertEquals(Optional.of(Setting.EMBEDDED_FLAVOR), e.setting());
  }

  @Test
  void aConfigWithoutAFlavorIsPlain() {
    assertEquals(
        Flavor.PLAIN, new EmbeddedConfig(Path.of("x"), 0, "postgres", null, Map.of()).flavor());
    assertEquals(
        Flavor.PLAIN,
        new EmbeddedConfig(Path.of("x"), 0, "postgres", null, Map.of(), null).flavor());
  }
}
