package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.MigrationRecord;
import io.github.pgkeeper.core.migration.AppliedMigration;
import io.github.pgkeeper.core.migration.Version;
import io.github.pgkeeper.core.restore.HistoryComparison.Relation;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison of two histories on its own, for the cases a database takes long to set up. */
class HistoryComparisonTest {
  private static MigrationRecord archived(String version, String script, String checksum) {
    return archived(version, script, checksum, checksum, true, null);
  }

  private static MigrationRecord archived(
      String version,
      String script,
      String checksum,
      String storedText,
      boolean success,
      Integer statementsApplied) {
    return new MigrationRecord(
        1,
        version,
        "d",
        script,
        checksum,
        "me",
        null,
        0,
        success,
        3,
        statementsApplied,
        null,
        "",
        storedText);
  }

  private static AppliedMigration applied(String version, String script, String checksum) {
    return applied(version, script, checksum, true, null);
  }

  private static AppliedMigration applied(
      String version, String script, String checksum, boolean success, Integer statementsApplied) {
    return new AppliedMigration(
        1,
        Version.parse(version),
        "d",
        script,
        checksum,
        "me",
        OffsetDateTime.now(),
        0,
        success,
        3,
        statementsApplied,
        null);
  }

  @Test
  void theSameMigrationsInAnotherOrderAreNamedAsSuch() {
    HistoryComparison comparison =
        HistoryComparison.of(
            List.of(archived("1", "1_a.sql", "aaaa"), archived("2", "2_b.sql", "bbbb")),
            List.of(applied("2", "2_b.sql", "bbbb"), applied("1", "1_a.sql", "aaaa")));

    assertEquals(Relation.DIVERGED, comparison.relation());
    assertEquals(0, comparison.position());
    assertTrue(comparison.likelyCause().contains("in another order (outOfOrder)"));
  }

  @Test
  void anArchiveWithoutHistoryIsAnotherHistoryNotAnOlderVersion() {
    HistoryComparison comparison =
        HistoryComparison.of(List.of(), List.of(applied("1", "1_a.sql", "aaaa")));

    assertEquals(Relation.DIVERGED, comparison.relation());
    assertTrue(comparison.likelyCause().contains("records no applied migration"));
    assertTrue(
        comparison.firstDifference().contains("the archive has none (it ends before)"),
        comparison.firstDifference());
  }

  @Test
  void aRenameWithTheSameTextIsTheSameMigrationAndNoted() {
    HistoryComparison comparison =
        HistoryComparison.of(
            List.of(archived("1", "1_old_name.sql", "aaaa")),
            List.of(applied("1", "1_new_name.sql", "aaaa")));

    assertEquals(Relation.SAME, comparison.relation());
    assertTrue(comparison.notes().get(0).contains("renamed and re-recorded with db:repair"));
  }

  @Test
  void failedAttemptsThatChangedNothingCountOnNeitherSide() {
    List<MigrationRecord> archive = new ArrayList<>();
    archive.add(archived("1", "1_a.sql", "aaaa"));
    archive.add(archived("2", "2_b.sql", "bbbb", "bbbb", false, null));
    List<AppliedMigration> target =
        List.of(applied("1", "1_a.sql", "aaaa"), applied("2", "2_b.sql", "cccc", false, 0));

    assertEquals(Relation.SAME, HistoryComparison.of(archive, target).relation());
  }

  @Test
  void aMigrationStoppedAtAnotherStatementIsADifference() {
    HistoryComparison comparison =
        HistoryComparison.of(
            List.of(archived("1", "1_a.sql", "aaaa", "aaaa", false, 2)),
            List.of(applied("1", "1_a.sql", "aaaa", false, 1)));

    assertEquals(Relation.DIVERGED, comparison.relation());
    assertTrue(
        comparison.firstDifference().contains("failed part-way: 2 of 3 statements applied")
            && comparison.firstDifference().contains("failed part-way: 1 of 3 statements applied"),
        comparison.firstDifference());
  }
}
