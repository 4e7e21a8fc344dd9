package io.github.pgkeeper.core.restore;

import java.time.Duration;
import java.util.List;

/**
 * What a restore did.
 *
 * @param tables the tables whose rows were loaded, as {@code schema.name}
 * @param rows the rows loaded
 * @param rawBytes the COPY text loaded
 * @param rebuiltSchema whether the schema was first rebuilt from the archive's migrations
 * @param version the schema version of the archive (and now of the database), or null
 */
public record RestoreResult(
    List<String> tables,
    long rows,
    long rawBytes,
    boolean rebuiltSchema,
    String version,
    Duration elapsed) {

  public RestoreResult {
    tables = List.copyOf(tables);
  }
}
