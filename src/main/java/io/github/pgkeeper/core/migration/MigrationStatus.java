package io.github.pgkeeper.core.migration;

import java.time.OffsetDateTime;

/**
 * One row of the status report: a migration's version, description and state, and when and how fast
 * it ran if it did. {@code file} is null for a {@link MigrationState#MISSING_FILE}, {@code applied}
 * is null for one that never ran.
 */
public record MigrationStatus(
    Version version,
    String description,
    MigrationState state,
    MigrationFile file,
    AppliedMigration applied) {

  public OffsetDateTime installedAt() {
    return applied == null ? null : applied.installedAt();
  }

  public Integer executionTimeMillis() {
    return applied == null ? null : applied.executionTimeMillis();
  }

  /** The script's name, from the file if there is one, else from the history. */
  public String script() {
    return file != null ? file.displayPath() : applied.script();
  }

  /**
   * The state as status prints it; for a migration that failed part-way without a transaction,
   * where it stopped: "failed at statement 3 of 5", or "failed after statement 5 of 5" when every
   * statement ran but the migration was not recorded as applied.
   */
  public String stateText() {
    if (state == MigrationState.FAILED && applied != null && applied.statementCount() != null) {
      if (applied.statementsApplied() >= applied.statementCount()) {
        return "failed after statement "
            + applied.statementsApplied()
            + " of "
            + applied.statementCount();
      }
      return "failed at statement "
          + (applied.statementsApplied() + 1)
          + " of "
          + applied.statementCount();
    }
    return state.label();
  }
}
