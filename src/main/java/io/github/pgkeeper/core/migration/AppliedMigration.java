package io.github.pgkeeper.core.migration;

import java.time.OffsetDateTime;

/**
 * One row of the history table. {@code statementCount}, {@code statementsApplied} and {@code
 * progressChecksum} are set for migrations that run without a transaction, whose progress is
 * recorded statement by statement; they are null otherwise.
 */
public record AppliedMigration(
    int rank,
    Version version,
    String description,
    String script,
    String checksum,
    String installedBy,
    OffsetDateTime installedAt,
    int executionTimeMillis,
    boolean success,
    Integer statementCount,
    Integer statementsApplied,
    String progressChecksum) {

  /** A failed migration that ran without a transaction and left some statements applied. */
  public boolean partiallyApplied() {
    return !success && statementsApplied != null && statementsApplied > 0;
  }
}
