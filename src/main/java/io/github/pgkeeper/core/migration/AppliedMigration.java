package io.github.pgkeeper.core.migration;

import java.time.OffsetDateTime;

/** One row of the history table. */
public record AppliedMigration(
    int rank,
    Version version,
    String description,
    String script,
    String checksum,
    String installedBy,
    OffsetDateTime installedAt,
    int executionTimeMillis,
    boolean success) {}
