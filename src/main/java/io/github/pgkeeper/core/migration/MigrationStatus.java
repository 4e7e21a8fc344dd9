package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.TransactionBlocks.Segment;
import java.time.OffsetDateTime;
import java.util.List;

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
   * statement ran but the migration was not recorded as applied; for a file with BEGIN/COMMIT
   * blocks of its own, how many of its segments committed.
   */
  public String stateText() {
    if (state == MigrationState.FAILED && applied != null && applied.statementCount() != null) {
      List<Segment> segments = file == null ? List.of() : MigrationScript.segmentsForStatus(file);
      if (!segments.isEmpty()) {
        return segmentProgress(segments, applied.statementsApplied());
      }
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

  /**
   * For a file that controls its own transactions: "partly applied: 2 of 4 segments committed",
   * "failed in segment 1 of 4", or "failed after segment 4 of 4" when every segment committed but
   * the migration was not recorded as applied.
   */
  private static String segmentProgress(List<Segment> segments, int statementsApplied) {
    long committed = segments.stream().filter(s -> s.end() <= statementsApplied).count();
    if (committed == 0) {
      return "failed in segment 1 of " + segments.size();
    }
    if (committed >= segments.size()) {
      return "failed after segment " + segments.size() + " of " + segments.size();
    }
    return "partly applied: " + committed + " of " + segments.size() + " segments committed";
  }
}
