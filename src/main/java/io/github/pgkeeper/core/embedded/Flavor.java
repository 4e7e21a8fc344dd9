package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the embedded server holds besides an empty database. */
public enum Flavor {
  /** Plain PostgreSQL, as initdb leaves it. */
  PLAIN,
  /**
   * The objects a Supabase project's migrations expect (roles, {@code auth}, {@code storage},
   * {@code extensions}, ...) and SQL stand-ins for its platform extensions: see {@link
   * SupabaseFlavor}.
   */
  SUPABASE;

  /**
   * The flavor named {@code name}, in any case.
   *
   * @throws PgKeeperException listing the flavors when there is none of that name
   */
  public static Flavor parse(String name) {
    String wanted = name == null ? "" : name.trim();
    return Arrays.stream(values())
        .filter(f -> f.name().equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new PgKeeperException(
                    "Unknown embedded database flavor '"
                        + name
                        + "'. Use one of: "
                        + Arrays.stream(values())
                            .map(Flavor::toString)
                            .collect(Collectors.joining(", "))
                        + ".",
                    Setting.EMBEDDED_FLAVOR));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
