package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.MigrationRecord;
import io.github.pgkeeper.core.migration.AppliedMigration;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationScanner;
import io.github.pgkeeper.core.migration.MigrationScript;
import io.github.pgkeeper.core.migration.Version;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The migration scripts stored in an archive, run to rebuild an empty target's schema inside the
 * restore's transaction, with the archive's history rows recorded as they were. Parsing and
 * splitting reuse the migration engine ({@link MigrationScript}), so a script runs here exactly as
 * db:migrate ran it.
 */
final class ArchivedMigrations {
  private final List<MigrationRecord> applied;
  private final List<MigrationScript> scripts;

  private ArchivedMigrations(List<MigrationRecord> applied, List<MigrationScript> scripts) {
    this.applied = applied;
    this.scripts = scripts;
  }

  /**
   * Parses every successfully applied migration of the archive, before anything runs.
   *
   * @throws PgKeeperException when the archive lacks a script's text, or a script cannot run inside
   *     a transaction (the rebuild is part of the restore's one transaction)
   */
  static ArchivedMigrations plan(ArchiveHeader header, int serverMajor, Logger log) {
    List<MigrationRecord> applied =
        header.history().migrations().stream().filter(MigrationRecord::success).toList();
    List<String> missing =
        applied.stream().filter(m -> m.content() == null).map(MigrationRecord::version).toList();
    String version = header.history().currentVersion();
    if (!missing.isEmpty()) {
      throw new PgKeeperException(
          "The archive has no text for migration(s) "
              + String.join(", ", missing)
              + " (their files were missing when the backup ran), so it cannot rebuild the schema"
              + " of an empty database. Bring the target to version "
              + version
              + " with db:migrate -Ddb.target="
              + version
              + ", then restore.");
    }
    List<String> changed =
        applied.stream()
            .filter(m -> !m.contentMatches())
            .map(m -> m.version() + " " + m.script())
            .toList();
    if (!changed.isEmpty()) {
      log.warn(
          "The archive holds the text of these migrations as it was at backup time, which differs"
              + " from what was applied: "
              + String.join(", ", changed)
              + ". The rebuilt schema follows that text.");
    }
    long failed = header.history().migrations().stream().filter(m -> !m.success()).count();
    if (failed > 0) {
      log.warn(
          failed
              + " failed migration attempt(s) recorded in the archive are not rebuilt or"
              + " recorded; db:migrate will try them again.");
    }
    List<MigrationScript> scripts = new ArrayList<>();
    for (MigrationRecord record : applied) {
      MigrationScript script = MigrationScript.of(file(record), serverMajor);
      if (!script.transactional()) {
        throw new PgKeeperException(
            "Migration "
                + record.version()
                + " ("
                + record.script()
                + ") cannot run inside a transaction ("
                + script.notOneTransactionReason().orElse("")
                + "), and a restore rebuilds the schema inside its one transaction so that a"
                + " failure leaves nothing behind. Bring the target to version "
                + version
                + " with db:migrate -Ddb.target="
                + version
                + " first, then restore into it.");
      }
      scripts.add(script);
    }
    return new ArchivedMigrations(applied, scripts);
  }

  private static MigrationFile file(MigrationRecord record) {
    return new MigrationFile(
        Version.parse(record.version()),
        record.description(),
        record.script(),
        null,
        record.script() + " (stored in the archive)",
        record.content(),
        record.checksum(),
        Optional.empty());
  }

  /** Runs the scripts and records the archive's history rows, in the caller's transaction. */
  void apply(Connection connection, HistoryTable history, Logger log) throws SQLException {
    history.create(connection);
    try (Statement jdbc = connection.createStatement()) {
      jdbc.setEscapeProcessing(false);
      for (MigrationScript script : scripts) {
        for (SqlStatement statement : script.up()) {
          try {
            jdbc.execute(statement.text());
          } catch (SQLException e) {
            throw new PgKeeperException(
                "Rebuilding the schema failed: migration "
                    + script.file().version()
                    + " from the archive failed at "
                    + script.file().location(statement.line())
                    + ": "
                    + e.getMessage()
                    + " [SQLSTATE "
                    + e.getSQLState()
                    + "]. The restore was rolled back: the database is as it was before.",
                null,
                e);
          }
        }
        log.debug("Rebuilt migration " + script.file().version() + " " + script.file().script());
      }
    }
    insertRows(connection, history, applied);
  }

  /**
   * Records every history row of the archive as it was (ranks, times, checksums, failed attempts
   * too: the schema they left is the archive's), in the caller's transaction, when the source had a
   * history table: after a rebuild from the archive's schema, which creates the table itself when
   * its schema was backed up.
   */
  static void recordHistory(Connection connection, HistoryTable history, ArchiveHeader header)
      throws SQLException {
    if (!header.history().exists() && header.history().migrations().isEmpty()) {
      return;
    }
    history.create(connection);
    insertRows(connection, history, header.history().migrations());
  }

  private static void insertRows(
      Connection connection, HistoryTable history, List<MigrationRecord> applied)
      throws SQLException {
    List<AppliedMigration> rows = new ArrayList<>();
    for (MigrationRecord record : applied) {
      rows.add(
          new AppliedMigration(
              record.rank(),
              Version.parse(record.version()),
              record.description(),
              record.script(),
              record.checksum(),
              record.installedBy(),
              record.installedAt() == null
                  ? OffsetDateTime.now(ZoneOffset.UTC)
                  : OffsetDateTime.ofInstant(Instant.parse(record.installedAt()), ZoneOffset.UTC),
              record.executionTimeMillis(),
              record.success(),
              record.statementCount(),
              record.statementsApplied(),
              record.progressChecksum()));
    }
    history.insertAll(connection, rows);
  }

  int size() {
    return scripts.size();
  }

  /**
   * Warns when the local migration files differ from those stored in the archive, and says which
   * local migrations are newer than the archive (db:migrate applies them after the restore).
   */
  static void compareWithLocal(ArchiveHeader header, RestoreConfig config, Logger log) {
    if (config.locations().isEmpty()) {
      return;
    }
    Map<Version, MigrationFile> local = new HashMap<>();
    new MigrationScanner(config.baseDirectory(), Logger.NONE)
        .scan(config.locations(), config.recursive())
        .migrations()
        .forEach(f -> local.putIfAbsent(f.version(), f));
    if (local.isEmpty()) {
      return;
    }
    List<String> differ = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (MigrationRecord record : header.history().migrations()) {
      if (!record.success() || record.content() == null) {
        continue;
      }
      Version version = Version.parse(record.version());
      MigrationFile file = local.remove(version);
      if (file == null) {
        absent.add(record.version());
      } else if (!file.checksum().equals(record.contentChecksum())) {
        differ.add(file.displayPath());
      }
    }
    if (!differ.isEmpty()) {
      log.warn(
          "These local migration files differ from the text stored in the archive, which is what"
              + " the restore runs: "
              + String.join(", ", differ));
    }
    if (!absent.isEmpty()) {
      log.warn("The archive applies migration(s) with no local file: " + String.join(", ", absent));
    }
    String archived = header.history().currentVersion();
    List<String> newer =
        local.values().stream()
            .filter(f -> archived == null || f.version().compareTo(Version.parse(archived)) > 0)
            .map(MigrationFile::displayPath)
            .sorted()
            .toList();
    if (!newer.isEmpty()) {
      log.info(
          "Local migrations newer than the archive (run db:migrate after the restore to apply"
              + " them): "
              + String.join(", ", newer));
    }
  }
}
