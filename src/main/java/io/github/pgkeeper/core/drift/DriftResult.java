package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.schema.DriftMigration;
import io.github.pgkeeper.core.schema.SchemaDiff;

/**
 * What db:diff found.
 *
 * @param diff the live schema against the one the migrations produce
 * @param liveServerVersion the live server's version, such as {@code 16.4}
 * @param shadow where the migrations were built, for the report
 */
public record DriftResult(SchemaDiff diff, String liveServerVersion, String shadow) {
  public int count() {
    return diff.differences().size();
  }

  /** The migration that adopts the drift, under a title saying what made it. */
  public String migration(String title) {
    return DriftMigration.write(diff, title);
  }
}
