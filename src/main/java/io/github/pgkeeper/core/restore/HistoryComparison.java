package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.MigrationRecord;
import io.github.pgkeeper.core.migration.AppliedMigration;
import io.github.pgkeeper.core.migration.Version;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The archive's migration history compared with the target's, migration by migration in installed
 * order. A version number alone proves nothing: two projects both at "002" have different schemas.
 *
 * <p>Only the rows that shaped a schema count: applied migrations, and migrations that failed
 * part-way without a transaction (their first statements stayed applied), which must then have
 * stopped at the same statement. A failed attempt that changed nothing (its transaction was rolled
 * back, or it stopped before its first statement) is left out on both sides. Two rows are the same
 * migration when version and text agree: the same checksum, or the archive's stored text of the
 * file has the target's checksum (the file was edited and db:repair re-recorded it after the
 * backup). A different script name with the same text is a rename re-recorded by db:repair.
 */
final class HistoryComparison {
  private static final int CHECKSUM_PREVIEW = 8;
  private static final int LISTED = 10;

  /** How the two histories relate. */
  enum Relation {
    /** The same migrations in the same order. */
    SAME,
    /** The archive's history is the start of the target's: the target has migrated further. */
    ARCHIVE_BEHIND,
    /** The target's history is the start of the archive's: the target has to migrate further. */
    ARCHIVE_AHEAD,
    /** They differ at {@link #position()}: another project, or another edit of the files. */
    DIVERGED
  }

  /** One migration that shaped a schema. */
  record Entry(
      Version version,
      String script,
      String checksum,
      Integer statementsApplied,
      Integer statementCount,
      String storedTextChecksum) {

    static Entry of(MigrationRecord row) {
      return new Entry(
          Version.parse(row.version()),
          row.script(),
          row.checksum(),
          row.success() ? null : row.statementsApplied(),
          row.statementCount(),
          row.contentChecksum());
    }

    static Entry of(AppliedMigration row) {
      return new Entry(
          row.version(),
          row.script(),
          row.checksum(),
          row.success() ? null : row.statementsApplied(),
          row.statementCount(),
          null);
    }

    boolean partlyApplied() {
      return statementsApplied != null;
    }

    /** Whether this archive entry is the same migration as the target's {@code other}. */
    boolean sameMigrationAs(Entry other) {
      return version.equals(other.version)
          && Objects.equals(statementsApplied, other.statementsApplied)
          && (checksum.equals(other.checksum) || other.checksum.equals(storedTextChecksum));
    }

    String describe() {
      return version
          + " "
          + script
          + " (checksum "
          + preview(checksum)
          + (partlyApplied()
              ? String.format(
                  Locale.ROOT,
                  ", failed part-way: %d of %s statements applied",
                  statementsApplied,
                  statementCount == null ? "?" : statementCount.toString())
              : "")
          + ")";
    }

    /** What tells two migrations apart, for finding a migration in the other history. */
    private String identity() {
      return version + "\n" + checksum + "\n" + statementsApplied;
    }
  }

  private final List<Entry> archive;
  private final List<Entry> target;
  private final Relation relation;
  private final int position;
  private final List<String> notes = new ArrayList<>();

  private HistoryComparison(List<Entry> archive, List<Entry> target) {
    this.archive = archive;
    this.target = target;
    int common = Math.min(archive.size(), target.size());
    int first = common;
    for (int i = 0; i < common; i++) {
      Entry ours = archive.get(i);
      Entry theirs = target.get(i);
      if (!ours.sameMigrationAs(theirs)) {
        first = i;
        break;
      }
      if (!ours.checksum.equals(theirs.checksum)) {
        notes.add(
            "migration "
                + ours.version
                + " was applied as checksum "
                + preview(ours.checksum)
                + " in the archive's database and is recorded as "
                + preview(theirs.checksum)
                + " in the target, the checksum of the text the archive stores for it (edited and"
                + " re-recorded with db:repair)");
      }
      if (!ours.script.equals(theirs.script)) {
        notes.add(
            "migration "
                + ours.version
                + " is "
                + ours.script
                + " in the archive and "
                + theirs.script
                + " in the target, with the same text (renamed and re-recorded with db:repair)");
      }
    }
    this.position = first;
    if (first < common) {
      relation = Relation.DIVERGED;
    } else if (archive.size() == target.size()) {
      relation = Relation.SAME;
    } else if (archive.isEmpty()) {
      // No history at all is not "behind": the archive's database was not migrated with this
      // history table, so nothing says its rows fit.
      relation = Relation.DIVERGED;
    } else if (firstExtra().partlyApplied()) {
      // No migrate or rollback reaches a half-applied migration: it is a difference like any other.
      relation = Relation.DIVERGED;
    } else {
      relation = archive.size() < target.size() ? Relation.ARCHIVE_BEHIND : Relation.ARCHIVE_AHEAD;
    }
  }

  static HistoryComparison of(List<MigrationRecord> archive, List<AppliedMigration> target) {
    return new HistoryComparison(
        archive.stream().filter(HistoryComparison::shapedSchema).map(Entry::of).toList(),
        target.stream().filter(HistoryComparison::shapedSchema).map(Entry::of).toList());
  }

  private static boolean shapedSchema(MigrationRecord row) {
    return row.success() || (row.statementsApplied() != null && row.statementsApplied() > 0);
  }

  private static boolean shapedSchema(AppliedMigration row) {
    return row.success() || row.partiallyApplied();
  }

  Relation relation() {
    return relation;
  }

  /** The index of the first migration that differs (or that only one side has). */
  int position() {
    return position;
  }

  /** Equal migrations whose records differ in a way db:repair explains, for the log. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /**
   * The first difference, both sides, such as: at the 1st applied migration, the archive has 001
   * 001_init.sql (checksum 1a2b3c4d...) and the target 001 001_schema.sql (checksum 5e6f7a8b...).
   */
  String firstDifference() {
    return "at the "
        + ordinal(position + 1)
        + " migration in installed order, the archive has "
        + (position < archive.size() ? archive.get(position).describe() : "none (it ends before)")
        + " and the target "
        + (position < target.size() ? target.get(position).describe() : "none (it ends before)");
  }

  /** Why they may differ, when the difference itself says so; empty otherwise. */
  String likelyCause() {
    if (archive.isEmpty()) {
      return " The archive records no applied migration: its database was not migrated with"
          + " pgkeeper, or kept its history in another table (historySchema/historyTable).";
    }
    Set<String> archiveSet = new HashSet<>(identities(archive));
    if (archive.size() == target.size() && archiveSet.equals(new HashSet<>(identities(target)))) {
      return " Both applied the same migrations, in another order (outOfOrder).";
    }
    Entry ours = position < archive.size() ? archive.get(position) : null;
    Entry theirs = position < target.size() ? target.get(position) : null;
    if ((ours != null && ours.partlyApplied()) || (theirs != null && theirs.partlyApplied())) {
      return " A migration that failed part-way left its first statements applied on one side:"
          + " finish it there (fix the file; db:migrate resumes it), or undo those statements by"
          + " hand and remove its row with db:repair.";
    }
    if (ours == null || theirs == null) {
      return "";
    }
    if (ours.version.equals(theirs.version)
        && ours.script.equals(theirs.script)
        && !ours.checksum.equals(theirs.checksum)) {
      return " The same file name with another text: it was edited and re-recorded with db:repair"
          + " on one side only, or it is another project's file of the same name.";
    }
    if (!ours.script.equals(theirs.script) && !ours.checksum.equals(theirs.checksum)) {
      return " The archive most likely comes from another project's database.";
    }
    return "";
  }

  /** The migrations only one side has, for the warning of a restore that goes ahead anyway. */
  String onlyOnOneSide() {
    List<String> archiveOnly = without(archive, target);
    List<String> targetOnly = without(target, archive);
    return "only in the archive: "
        + list(archiveOnly)
        + "; only in the target: "
        + list(targetOnly);
  }

  private static List<String> without(List<Entry> from, List<Entry> other) {
    Set<String> others = new HashSet<>(identities(other));
    return from.stream().filter(e -> !others.contains(e.identity())).map(Entry::describe).toList();
  }

  private static List<String> identities(List<Entry> entries) {
    return entries.stream().map(Entry::identity).toList();
  }

  private static String list(List<String> items) {
    if (items.isEmpty()) {
      return "none";
    }
    return String.join(", ", items.subList(0, Math.min(LISTED, items.size())))
        + (items.size() > LISTED ? " and " + (items.size() - LISTED) + " more" : "");
  }

  /** The first migration only the longer history has. */
  Entry firstExtra() {
    return archive.size() > target.size() ? archive.get(position) : target.get(position);
  }

  static String preview(String checksum) {
    return checksum.length() <= CHECKSUM_PREVIEW
        ? checksum
        : checksum.substring(0, CHECKSUM_PREVIEW) + "...";
  }

  private static String ordinal(int n) {
    String suffix =
        (n % 100 >= 11 && n % 100 <= 13)
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }
}
