package io.github.pgkeeper.core.migration;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The state of every migration, known from its file, the history table or both. */
public record StatusReport(List<MigrationStatus> migrations) {

  /**
   * Compares the files with the history rows. A version whose last successful row exists is applied
   * (or changed, or missing its file); a version with only failed rows is failed; a file with no
   * row is pending, or out of order if it is older than the newest applied version.
   */
  public static StatusReport compare(List<MigrationFile> files, List<AppliedMigration> history) {
    return compare(files, history, MigrationOrder.NUMERIC);
  }

  /**
   * As {@link #compare(List, List)}, with "older" and the rows' order as {@code order} places the
   * files, so that status, migrate and validate agree with the order migrations run in.
   */
  public static StatusReport compare(
      List<MigrationFile> files, List<AppliedMigration> history, MigrationOrder order) {
    Map<Version, AppliedMigration> succeeded = new HashMap<>();
    Map<Version, AppliedMigration> failed = new HashMap<>();
    for (AppliedMigration row : history) {
      (row.success() ? succeeded : failed).put(row.version(), row);
    }
    Version newestApplied = succeeded.keySet().stream().max(order::compare).orElse(null);
    Map<Version, MigrationFile> byVersion = new HashMap<>();
    List<MigrationStatus> rows = new ArrayList<>();
    for (MigrationFile file : files) {
      byVersion.put(file.version(), file);
      AppliedMigration applied = succeeded.get(file.version());
      MigrationState state;
      if (applied != null) {
        state =
            applied.checksum().equals(file.checksum())
                ? MigrationState.APPLIED
                : MigrationState.CHECKSUM_CHANGED;
      } else if (failed.containsKey(file.version())) {
        applied = failed.get(file.version());
        state = MigrationState.FAILED;
      } else if (newestApplied != null && order.compare(file.version(), newestApplied) < 0) {
        state = MigrationState.OUT_OF_ORDER;
      } else {
        state = MigrationState.PENDING;
      }
      rows.add(new MigrationStatus(file.version(), file.description(), state, file, applied));
    }
    for (AppliedMigration row : succeeded.values()) {
      if (!byVersion.containsKey(row.version())) {
        rows.add(
            new MigrationStatus(
                row.version(), row.description(), MigrationState.MISSING_FILE, null, row));
      }
    }
    for (AppliedMigration row : failed.values()) {
      if (!byVersion.containsKey(row.version()) && !succeeded.containsKey(row.version())) {
        rows.add(
            new MigrationStatus(
                row.version(), row.description(), MigrationState.FAILED, null, row));
      }
    }
    rows.sort((a, b) -> order.compare(a.version(), b.version()));
    return new StatusReport(List.copyOf(rows));
  }

  /**
   * The newest successfully applied version, if any migration ran: the last applied one in the
   * order the rows are in, which is the order migrations run in.
   */
  public Optional<Version> currentVersion() {
    return migrations.stream()
        .filter(m -> m.applied() != null && m.applied().success())
        .map(MigrationStatus::version)
        .reduce((first, second) -> second);
  }

  public List<MigrationStatus> inState(MigrationState state) {
    return migrations.stream().filter(m -> m.state() == state).toList();
  }

  public Map<MigrationState, Integer> counts() {
    Map<MigrationState, Integer> counts = new EnumMap<>(MigrationState.class);
    for (MigrationStatus migration : migrations) {
      counts.merge(migration.state(), 1, Integer::sum);
    }
    return counts;
  }

  /** For example: "12 migrations: 10 applied, 2 pending. Current version: 010." */
  public String summary() {
    String parts =
        counts().entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(Collectors.joining(", "));
    return migrations.size()
        + (migrations.size() == 1 ? " migration" : " migrations")
        + (parts.isEmpty() ? "" : ": " + parts)
        + ". Current version: "
        + currentVersion().map(Version::toString).orElse("none")
        + ".";
  }
}
