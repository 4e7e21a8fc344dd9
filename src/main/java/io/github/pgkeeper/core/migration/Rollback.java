package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.sql.NonTransactional;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Undoes the most recently applied migrations with their down parts, newest first. Each runs in a
 * transaction that also removes its history row, so an undo is complete or not done at all. It
 * refuses, and changes nothing, when any of them has no down part.
 */
public final class Rollback {
  private final MigrationConfig config;
  private final Logger log;
  private final HistoryTable history;

  public Rollback(MigrationConfig config, Logger log) {
    this.config = config;
    this.log = log;
    this.history = HistoryTable.of(config);
  }

  /** A migration to undo: its history row and its down statements. */
  record Step(AppliedMigration row, MigrationFile file, SqlScript down, Optional<String> outside) {}

  /**
   * Undoes the last {@code count} applied migrations.
   *
   * @return the undone migrations, newest first
   */
  public List<AppliedMigration> rollback(int count) {
    try (MigrationLock lock =
            MigrationLock.acquire(config.connection(), history, config.timeouts().lockWait(), log);
        Connection connection = Connections.open(config.connection())) {
      lock.showWorkIn(connection);
      UnfinishedRestore.refuse(connection, history);
      List<Step> steps = plan(connection, count);
      MigrationRunner runner =
          new MigrationRunner(
              connection, history, config.timeouts(), BlockerMonitor.NONE, List.of(), log);
      List<AppliedMigration> undone = new ArrayList<>();
      for (Step step : steps) {
        long millis = runner.undo(step);
        undone.add(step.row());
        log.info(
            "Rolled back "
                + step.row().version()
                + " "
                + step.file().displayPath()
                + " ("
                + statements(step).size()
                + " statement(s)) in "
                + millis
                + " ms");
      }
      return undone;
    } catch (SQLException e) {
      throw MigrationErrors.database("rolling back", config, e);
    }
  }

  /** The SQL a rollback of {@code count} migrations would run, with its transaction boundaries. */
  public String dryRun(int count) {
    try (Connection connection = Connections.open(config.connection())) {
      UnfinishedRestore.refuse(connection, history);
      StringBuilder sql = new StringBuilder(DryRun.HEADER);
      for (Step step : plan(connection, count)) {
        sql.append(DryRun.undo(step, history, config.timeouts()));
      }
      return sql.toString();
    } catch (SQLException e) {
      throw MigrationErrors.database("planning the rollback", config, e);
    }
  }

  private List<Step> plan(Connection connection, int count) throws SQLException {
    if (count < 1) {
      throw new PgKeeperException(
          "The number of migrations to roll back must be 1 or more, not " + count + ".",
          Setting.ROLLBACK_COUNT);
    }
    List<AppliedMigration> applied =
        history.read(connection).stream()
            .filter(AppliedMigration::success)
            .sorted(Comparator.comparingInt(AppliedMigration::rank).reversed())
            .limit(count)
            .toList();
    if (applied.size() < count) {
      throw new PgKeeperException(
          "Only " + applied.size() + " migration(s) are applied; cannot roll back " + count + ".",
          Setting.ROLLBACK_COUNT);
    }
    Map<Version, MigrationFile> files =
        config.scan(log).requireUniqueVersions().stream()
            .collect(Collectors.toMap(MigrationFile::version, Function.identity()));
    int serverMajor = connection.getMetaData().getDatabaseMajorVersion();
    List<Step> steps = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (AppliedMigration row : applied) {
      MigrationFile file = files.get(row.version());
      if (file == null) {
        problems.add(row.version() + " " + row.script() + ": its file is missing");
        continue;
      }
      if (config.validateOnMigrate() && !file.checksum().equals(row.checksum())) {
        problems.add(
            file.displayPath() + ": changed since it was applied, so its down part may not fit");
        continue;
      }
      Optional<SqlScript> down = MigrationScript.of(file, serverMajor).down();
      if (down.isEmpty() || down.get().statements().isEmpty()) {
        problems.add(file.displayPath() + ": has no down part");
        continue;
      }
      Optional<String> outside =
          down.get().statements().stream()
              .map(s -> NonTransactional.reason(s, serverMajor))
              .flatMap(Optional::stream)
              .findFirst();
      steps.add(new Step(row, file, down.get(), outside));
    }
    if (!problems.isEmpty()) {
      throw new PgKeeperException(
          "Cannot roll back the last "
              + count
              + " migration(s); nothing was changed:\n  "
              + String.join("\n  ", problems)
              + "\nAdd a '-- migrate:down' section after '-- migrate:up', or a NNN_name.down.sql"
              + " file beside the migration.",
          Setting.ROLLBACK_COUNT);
    }
    return steps;
  }

  /** The statements to run: without an outer BEGIN/COMMIT pair when run in a transaction. */
  static List<SqlStatement> statements(Step step) {
    return step.outside().isPresent() ? step.down().statements() : step.down().body();
  }
}
