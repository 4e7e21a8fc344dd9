package io.github.pgkeeper.core.migration;

import java.util.List;

/**
 * What a repair changed, and what it left alone.
 *
 * @param realigned applied migrations whose checksum, description or script name was re-recorded
 *     from their file (as they were before the repair)
 * @param removed the failed history rows that were deleted
 * @param missingFiles applied migrations without a file, left as they are
 */
public record RepairResult(
    List<MigrationStatus> realigned,
    List<AppliedMigration> removed,
    List<MigrationStatus> missingFiles) {

  public RepairResult {
    realigned = List.copyOf(realigned);
    removed = List.copyOf(removed);
    missingFiles = List.copyOf(missingFiles);
  }

  /** Whether the history table was changed. */
  public boolean changed() {
    return !realigned.isEmpty() || !removed.isEmpty();
  }
}
