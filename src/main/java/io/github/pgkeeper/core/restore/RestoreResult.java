package io.github.pgkeeper.core.restore;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param tables the tables whose rows were loaded, as {@code schema.name}
 * @param rows the rows loaded
 * @param rawBytes the COPY text loaded
 * @param rebuiltFrom what the empty target's schema was first rebuilt from, or null when the target
 *     had its schema already
 * @param version the schema version of the archive (and now of the database), or null
 */
public record RestoreResult(
    List<String> tables,
    long rows,
    long rawBytes,
    RestoreConfig.SchemaSource rebuiltFrom,
    String version,
    Duration elapsed) {

  public RestoreResult {
    tables = List.copyOf(tables);
  }

  /** Whether the schema was first rebuilt, from the archive's schema or its migrations. */
  public boolean rebuiltSchema() {
    return rebuiltFrom != null;
  }
}
