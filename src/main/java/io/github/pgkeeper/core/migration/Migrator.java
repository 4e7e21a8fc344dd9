package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The migration engine: compares the scripts on disk with the history table, reports the state of
 * each ({@link #status()}) and applies the pending ones in version order ({@link #migrate()}).
 *
 * <p>Each migration runs in its own transaction together with its history row, so a migration is
 * either fully applied and recorded, or not at all. The first failure stops the run.
 */
public final class Migrator {
  private final MigrationConfig config;
  private final Logger log;
  private final HistoryTable history;

  public Migrator(MigrationConfig config, Logger log) {
    this.config = config;
    this.log = log;
    this.history = new HistoryTable(config.historySchema(), config.historyTable());
  }

  /** The state of every migration. Read-only: it does not create the history table. */
  public StatusReport status() {
    List<MigrationFile> files = discover();
    try (Connection connection = Connections.open(config.connection())) {
      return StatusReport.compare(files, history.read(connection));
    } catch (SQLException e) {
      throw databaseError("reading " + history.displayName(), e);
    }
  }

  /**
   * Applies the pending migrations up to the target version.
   *
   * @throws MigrationFailedException when the server rejects a statement; that migration is rolled
   *     back and the ones before it stay applied
   * @throws MigrationScriptException when a pending script cannot be split into statements; nothing
   *     is applied then
   */
  public MigrateResult migrate() {
    List<MigrationFile> files = discover();
    try (Connection connection = Connections.open(config.connection())) {
      connection.setAutoCommit(false);
      if (!history.exists(connection)) {
        log.info("Creating history table " + history.displayName());
        history.create(connection);
        connection.commit();
      }
      List<AppliedMigration> rows = history.read(connection);
      StatusReport before = StatusReport.compare(files, rows);
      checkDrift(before);
      List<MigrationFile> pending = pending(before);
      Map<MigrationFile, SqlScript> scripts = parseAll(pending);
      removeFailedAttempts(connection, rows, pending);
      if (pending.isEmpty()) {
        log.info(
            "Schema "
                + describe(config.connection())
                + " is up to date at version "
                + before.currentVersion().map(Version::toString).orElse("none")
                + ".");
        return new MigrateResult(List.of(), before.currentVersion());
      }
      log.info("Applying " + pending.size() + " migration(s) to " + describe(config.connection()));
      long started = System.nanoTime();
      List<MigrationFile> applied = new ArrayList<>();
      int index = 0;
      for (MigrationFile file : pending) {
        index++;
        apply(connection, file, scripts.get(file), index, pending.size());
        applied.add(file);
      }
      Version current = pending.get(pending.size() - 1).version();
      if (before.currentVersion().isPresent()
          && before.currentVersion().get().compareTo(current) > 0) {
        current = before.currentVersion().get();
      }
      log.info(
          "Applied "
              + applied.size()
              + " migration(s) in "
              + millisSince(started)
              + " ms. Schema is now at version "
              + current
              + ".");
      return new MigrateResult(List.copyOf(applied), java.util.Optional.of(current));
    } catch (SQLException e) {
      throw databaseError("migrating", e);
    }
  }

  private List<MigrationFile> discover() {
    return new MigrationScanner(config.baseDirectory(), log)
        .scan(config.locations(), config.recursive())
        .requireUniqueVersions();
  }

  /** Refuses to build on applied migrations whose files changed or disappeared. */
  private void checkDrift(StatusReport report) {
    if (!config.validateOnMigrate()) {
      return;
    }
    List<MigrationStatus> drift = new ArrayList<>(report.inState(MigrationState.CHECKSUM_CHANGED));
    drift.addAll(report.inState(MigrationState.MISSING_FILE));
    if (drift.isEmpty()) {
      return;
    }
    String list =
        drift.stream()
            .map(m -> "  " + m.version() + " " + m.script() + ": " + m.state().label())
            .collect(Collectors.joining("\n"));
    throw new PgKeeperException(
        "Applied migrations no longer match their files:\n"
            + list
            + "\nRestore the files as they were applied, or, if the change is intended, turn off"
            + " validateOnMigrate for this run.",
        Setting.VALIDATE_ON_MIGRATE);
  }

  private List<MigrationFile> pending(StatusReport report) {
    List<MigrationFile> pending = new ArrayList<>();
    List<MigrationStatus> outOfOrder = new ArrayList<>();
    for (MigrationStatus status : report.migrations()) {
      boolean runnable =
          switch (status.state()) {
            case PENDING, FAILED -> status.file() != null;
            case OUT_OF_ORDER -> {
              outOfOrder.add(status);
              yield true;
            }
            default -> false;
          };
      if (runnable
          && (config.target() == null || status.version().compareTo(config.target()) <= 0)) {
        pending.add(status.file());
      }
    }
    if (!outOfOrder.isEmpty() && !config.outOfOrder()) {
      String list =
          outOfOrder.stream().map(m -> "  " + m.script()).collect(Collectors.joining("\n"));
      throw new PgKeeperException(
          "These pending migrations are older than the newest applied version "
              + report.currentVersion().map(Version::toString).orElse("")
              + ":\n"
              + list
              + "\nGive them a newer version, or allow applying them out of order.",
          Setting.OUT_OF_ORDER);
    }
    return pending;
  }

  /** Parses every pending script first, so a lexical error stops the run before any change. */
  private Map<MigrationFile, SqlScript> parseAll(List<MigrationFile> pending) {
    Map<MigrationFile, SqlScript> scripts = new LinkedHashMap<>();
    for (MigrationFile file : pending) {
      SqlScript script = file.parse();
      for (SqlStatement statement : script.body()) {
        if (SqlScript.isTransactionControl(statement)) {
          throw new MigrationScriptException(
              file,
              statement.line(),
              statement.column(),
              String.join(" ", statement.leadingWords(2))
                  + " would end the transaction this migration runs in. Remove it, or wrap the"
                  + " whole file in one BEGIN; ... COMMIT; pair.");
        }
      }
      scripts.put(file, script);
    }
    return scripts;
  }

  private void removeFailedAttempts(
      Connection connection, List<AppliedMigration> rows, List<MigrationFile> pending)
      throws SQLException {
    List<Version> retried = pending.stream().map(MigrationFile::version).toList();
    List<AppliedMigration> failed =
        rows.stream().filter(r -> !r.success() && retried.contains(r.version())).toList();
    if (!failed.isEmpty()) {
      for (AppliedMigration row : failed) {
        log.info(
            "Retrying "
                + row.version()
                + " "
                + row.script()
                + ", which failed at "
                + row.installedAt()
                + " and was rolled back.");
      }
      history.delete(connection, failed);
      connection.commit();
    }
  }

  private void apply(
      Connection connection, MigrationFile file, SqlScript script, int index, int total)
      throws SQLException {
    List<SqlStatement> statements = script.body();
    long started = System.nanoTime();
    SqlStatement current = null;
    try (Statement jdbc = connection.createStatement()) {
      // The text goes to the server as written: no JDBC {escape} rewriting.
      jdbc.setEscapeProcessing(false);
      for (SqlStatement statement : statements) {
        current = statement;
        jdbc.execute(statement.text());
      }
      history.insert(connection, file, millisSince(started), true);
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly(connection);
      recordFailure(connection, file, millisSince(started));
      throw MigrationErrors.failed(file, current, e, index);
    }
    log.info(
        String.format(
            "[%d/%d] Applied %s %s (%d statement%s) in %d ms",
            index,
            total,
            file.version(),
            file.description().isEmpty() ? file.script() : "- " + file.description(),
            statements.size(),
            statements.size() == 1 ? "" : "s",
            millisSince(started)));
  }

  /** Leaves a failed row so status can say so; the next migrate removes it and tries again. */
  private void recordFailure(Connection connection, MigrationFile file, long millis) {
    try {
      history.insert(connection, file, millis, false);
      connection.commit();
    } catch (SQLException e) {
      log.debug("Could not record the failure of " + file.script() + ": " + e.getMessage());
      rollbackQuietly(connection);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is gone; the server has rolled the transaction back already.
    }
  }

  private PgKeeperException databaseError(String doing, SQLException e) {
    return new PgKeeperException(
        "Database error while "
            + doing
            + " on "
            + describe(config.connection())
            + ": "
            + e.getMessage()
            + " [SQLSTATE "
            + e.getSQLState()
            + "]",
        Setting.URL,
        e);
  }

  private static String describe(ConnectionConfig connection) {
    return connection.maskedUrl();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
