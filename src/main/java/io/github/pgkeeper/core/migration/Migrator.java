package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    this.history = HistoryTable.of(config);
  }

  /** The state of every migration. Read-only: it does not create the history table. */
  public StatusReport status() {
    return status(discover());
  }

  /**
   * The state of {@code files} (already scanned, such as by db:validate, which reports duplicate
   * versions itself instead of refusing them) against the history table. Read-only.
   */
  public StatusReport status(List<MigrationFile> files) {
    try (Connection connection = Connections.open(config.connection())) {
      UnfinishedRestore.refuse(connection, history);
      List<AppliedMigration> rows = new ArrayList<>(history.read(connection));
      if (history.keepsSupabaseHistory()
          && ToolHistory.tableExists(connection, "supabase_migrations", "schema_migrations")) {
        // What the Supabase CLI applied counts as applied, as it will once migrate takes it over.
        for (MigrationFile file : appliedOnlyBySupabase(connection, files, rows)) {
          rows.add(
              new AppliedMigration(
                  0,
                  file.version(),
                  file.description(),
                  file.script(),
                  file.checksum(),
                  "supabase cli",
                  null,
                  0,
                  true,
                  null,
                  null,
                  null));
        }
      }
      return StatusReport.compare(files, rows, config.order());
    } catch (SQLException e) {
      throw databaseError("reading " + history.displayName(), e);
    }
  }

  /**
   * Applies the pending migrations up to the target version, holding the migration lock so that
   * concurrent runs take turns and each migration is applied exactly once.
   *
   * @throws MigrationFailedException when the server rejects a statement; that migration is rolled
   *     back (or, without a transaction, stops at that statement) and the ones before it stay
   *     applied
   * @throws MigrationScriptException when a pending script cannot be split into statements; nothing
   *     is applied then
   */
  public MigrateResult migrate() {
    // Both connections are opened while the files are read: on a cold JVM each takes a while
    // (driver start-up, SCRAM), and the scan needs no database.
    CompletableFuture<Connection> lockConnection = openAsync();
    CompletableFuture<Connection> migrationConnection = openAsync();
    List<MigrationFile> files;
    try {
      files = discover();
    } catch (RuntimeException e) {
      closeWhenOpen(lockConnection);
      closeWhenOpen(migrationConnection);
      throw e;
    }
    try (Connection connection = await(migrationConnection, lockConnection);
        MigrationLock lock =
            MigrationLock.acquire(
                await(lockConnection, null), history, config.timeouts().lockWait(), log)) {
      lock.showWorkIn(connection);
      UnfinishedRestore.refuse(connection, history);
      connection.setAutoCommit(false);
      if (!history.exists(connection)) {
        log.info("Creating history table " + history.displayName());
        history.create(connection);
        connection.commit();
      }
      history.ensureSupabaseTable(connection);
      takeOverSupabaseHistory(connection, files);
      List<AppliedMigration> rows = history.read(connection);
      connection.commit();
      StatusReport before = StatusReport.compare(files, rows, config.order());
      List<MigrationScript> scripts = plan(connection, before);
      List<MigrationFile> pending = scripts.stream().map(MigrationScript::file).toList();
      List<String> sessionSetup =
          watchForDisconnect(connection, connection.getMetaData().getDatabaseMajorVersion());
      Map<MigrationFile, AppliedMigration> resumable = planRetries(connection, rows, scripts);
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
      try (BlockerMonitor blockers =
          new BlockerMonitor(lock.connection(), backendPid(connection))) {
        MigrationRunner runner =
            new MigrationRunner(
                connection, history, config.timeouts(), blockers, sessionSetup, log);
        int index = 0;
        for (MigrationScript script : scripts) {
          index++;
          apply(runner, script, resumable.get(script.file()), index, scripts.size());
        }
      }
      Version current = pending.get(pending.size() - 1).version();
      if (before.currentVersion().isPresent()
          && config.order().compare(before.currentVersion().get(), current) > 0) {
        current = before.currentVersion().get();
      }
      log.info(
          "Applied "
              + pending.size()
              + " migration(s) in "
              + MigrationRunner.millisSince(started)
              + " ms. Schema is now at version "
              + current
              + ".");
      return new MigrateResult(List.copyOf(pending), Optional.of(current));
    } catch (SQLException e) {
      throw databaseError("migrating", e);
    }
  }

  /**
   * The SQL {@link #migrate()} would run now, with transaction boundaries and history rows. Reads
   * the database but changes nothing, not even creating the history table.
   */
  public String dryRun() {
    List<MigrationFile> files = discover();
    try (Connection connection = Connections.open(config.connection())) {
      UnfinishedRestore.refuse(connection, history);
      boolean exists = history.exists(connection);
      StatusReport before = StatusReport.compare(files, history.read(connection), config.order());
      List<MigrationScript> scripts = plan(connection, before);
      StringBuilder sql = new StringBuilder(DryRun.HEADER);
      if (!exists) {
        sql.append(DryRun.createHistory(history));
      }
      for (MigrationScript script : scripts) {
        sql.append(DryRun.migrate(script, history, config.timeouts()));
      }
      if (scripts.isEmpty()) {
        sql.append("-- Nothing to apply.\n");
      }
      return sql.toString();
    } catch (SQLException e) {
      throw databaseError("planning the migration", e);
    }
  }

  /** Checks for drift, then parses the pending migrations: all before any runs. */
  private List<MigrationScript> plan(Connection connection, StatusReport before)
      throws SQLException {
    checkDrift(before);
    int serverMajor = connection.getMetaData().getDatabaseMajorVersion();
    List<MigrationFile> pending = pending(before);
    boolean vectorStandIn = !pending.isEmpty() && VectorIndexOptions.standInOn(connection);
    List<MigrationScript> scripts = new ArrayList<>();
    for (MigrationFile file : pending) {
      scripts.add(MigrationScript.of(file, serverMajor, vectorStandIn, log));
    }
    return scripts;
  }

  private void apply(
      MigrationRunner runner,
      MigrationScript script,
      AppliedMigration resume,
      int index,
      int total) {
    MigrationFile file = script.file();
    int statements = script.up().size();
    long millis;
    String how;
    if (script.transactional()) {
      millis = runner.inTransaction(script, index);
      how = "";
    } else if (script.segmented()) {
      int from = resume == null ? 0 : resume.statementsApplied();
      int segments = script.segments().size();
      int done = (int) script.segments().stream().filter(s -> s.end() <= from).count();
      if (done >= segments) {
        log.info("Resuming " + file.version() + ": all " + segments + " segments committed");
      } else if (from > 0) {
        log.info(
            "Resuming "
                + file.version()
                + " at segment "
                + (done + 1)
                + " of "
                + segments
                + " (line "
                + script.segments().get(done).firstLine()
                + ")");
      }
      millis = runner.bySegments(script, index, from, resume == null ? null : resume.rank());
      how =
          ", in "
              + segments
              + " segment"
              + (segments == 1 ? "" : "s")
              + " as its BEGIN/COMMIT blocks say"
              + script
                  .nonTransactionalReason()
                  .map(r -> ", statements outside them committed one by one (" + r + ")")
                  .orElse("");
    } else {
      int from = resume == null ? 0 : resume.statementsApplied();
      if (from >= statements) {
        log.info("Resuming " + file.version() + ": all " + statements + " statements ran");
      } else if (from > 0) {
        log.info(
            "Resuming " + file.version() + " at statement " + (from + 1) + " of " + statements);
      }
      millis =
          runner.statementByStatement(script, index, from, resume == null ? null : resume.rank());
      how = ", without a transaction: " + script.nonTransactionalReason().orElse("");
    }
    log.info(
        String.format(
            "[%d/%d] Applied %s %s (%d statement%s%s) in %d ms",
            index,
            total,
            file.version(),
            file.description().isEmpty() ? file.script() : "- " + file.description(),
            statements,
            statements == 1 ? "" : "s",
            how,
            millis));
  }

  /**
   * Decides what to do with earlier failed attempts at the pending migrations. A failure inside a
   * transaction left nothing behind: its row is removed and the migration runs again. A migration
   * run statement by statement resumes after its last applied statement, provided the statements
   * that ran are unchanged in the file; otherwise the run stops and says what to do.
   */
  private Map<MigrationFile, AppliedMigration> planRetries(
      Connection connection, List<AppliedMigration> rows, List<MigrationScript> scripts)
      throws SQLException {
    Map<MigrationFile, AppliedMigration> resumable = new LinkedHashMap<>();
    List<AppliedMigration> obsolete = new ArrayList<>();
    for (MigrationScript script : scripts) {
      MigrationFile file = script.file();
      for (AppliedMigration row : rows) {
        if (row.success() || !row.version().equals(file.version())) {
          continue;
        }
        if (!row.partiallyApplied()) {
          log.info(
              "Retrying "
                  + row.version()
                  + " "
                  + row.script()
                  + ", which failed at "
                  + row.installedAt()
                  + " and left nothing applied.");
          obsolete.add(row);
          continue;
        }
        int applied = row.statementsApplied();
        boolean sameStart =
            applied <= script.up().size()
                && Checksums.ofStatements(script.up().subList(0, applied))
                    .equals(row.progressChecksum());
        if (!sameStart || script.transactional()) {
          throw new PgKeeperException(
              "Migration "
                  + row.version()
                  + " ("
                  + file.displayPath()
                  + ") failed earlier after its first "
                  + applied
                  + " statement(s) had "
                  + (script.segmented()
                      ? "been committed in the file's own transaction blocks"
                      : "run without a transaction")
                  + ", and those statements changed"
                  + " since. Restore them as they were, so migrate can resume at statement "
                  + (applied + 1)
                  + "; or undo their effects by hand and remove the failed entry with db:repair.",
              Setting.LOCATIONS);
        }
        resumable.put(file, row);
      }
    }
    if (!obsolete.isEmpty()) {
      history.delete(connection, obsolete);
      connection.commit();
    }
    return resumable;
  }

  /**
   * Makes the server notice within seconds when this process dies mid-statement (PostgreSQL 14+).
   * Otherwise an orphaned long statement would run on, its transaction holding locks, until it
   * tried to answer; with the check, the server aborts it and rolls the migration back at once.
   * Returns the setting, for the runner to set again after it resets the session between
   * migrations.
   */
  private List<String> watchForDisconnect(Connection connection, int serverMajor) {
    if (serverMajor < 14) {
      return List.of();
    }
    String setting = "SET client_connection_check_interval = '1s'";
    try (Statement statement = connection.createStatement()) {
      statement.execute(setting);
      connection.commit();
      return List.of(setting);
    } catch (SQLException unsupportedPlatform) {
      log.debug("client_connection_check_interval is not available: " + unsupportedPlatform);
      rollbackQuietly(connection);
      return List.of();
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // Nothing was pending.
    }
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        var result = statement.executeQuery("SELECT pg_backend_pid()")) {
      result.next();
      int pid = result.getInt(1);
      connection.commit();
      return pid;
    }
  }

  /**
   * Opens a connection on a thread of its own: the common pool has a single thread on a 2-core
   * machine, which would open the two connections one after the other.
   */
  private CompletableFuture<Connection> openAsync() {
    return CompletableFuture.supplyAsync(
        () -> Connections.open(config.connection()),
        task -> {
          Thread thread = new Thread(task, "pgkeeper-connect");
          thread.setDaemon(true);
          thread.start();
        });
  }

  /**
   * The opened connection, or the error opening it. On an error, {@code other} (opened in parallel)
   * is closed too.
   */
  private static Connection await(
      CompletableFuture<Connection> future, CompletableFuture<Connection> other) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (other != null) {
        closeWhenOpen(other);
      }
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static void closeWhenOpen(CompletableFuture<Connection> future) {
    future.thenAccept(
        connection -> {
          try {
            connection.close();
          } catch (SQLException ignored) {
            // Nothing more to release.
          }
        });
  }

  private List<MigrationFile> discover() {
    return config.scan(log).requireUniqueVersions();
  }

  /**
   * In Supabase mode, records in pgkeeper's history what the Supabase CLI applied on its own, so
   * that migrate does not run it again. Versions the CLI applied without a file here are named.
   */
  private void takeOverSupabaseHistory(Connection connection, List<MigrationFile> files)
      throws SQLException {
    if (!history.keepsSupabaseHistory()) {
      return;
    }
    List<MigrationFile> adopted =
        appliedOnlyBySupabase(connection, files, history.read(connection));
    for (MigrationFile file : adopted) {
      history.insert(connection, file, 0, true);
    }
    if (!adopted.isEmpty()) {
      log.info(
          "Recorded "
              + adopted.size()
              + " migration(s) that the Supabase CLI applied: "
              + adopted.stream()
                  .map(f -> f.version().toString())
                  .collect(Collectors.joining(", ")));
    }
  }

  /** The local files the Supabase CLI recorded as applied and pgkeeper's history has not. */
  private List<MigrationFile> appliedOnlyBySupabase(
      Connection connection, List<MigrationFile> files, List<AppliedMigration> rows)
      throws SQLException {
    ToolHistory cli = ToolHistory.supabase(connection);
    Set<Version> known = new HashSet<>();
    rows.stream().filter(AppliedMigration::success).forEach(row -> known.add(row.version()));
    Set<Version> local = new HashSet<>();
    List<MigrationFile> adopted = new ArrayList<>();
    for (MigrationFile file : files) {
      local.add(file.version());
      if (cli.applied().containsKey(file.version()) && !known.contains(file.version())) {
        adopted.add(file);
      }
    }
    List<String> remoteOnly =
        cli.applied().keySet().stream()
            .filter(version -> !local.contains(version) && !known.contains(version))
            .map(Version::toString)
            .toList();
    if (!remoteOnly.isEmpty()) {
      log.warn(
          SupabaseHistory.TABLE
              + " records version(s) with no migration file here: "
              + String.join(", ", remoteOnly)
              + ". Add the files (supabase db pull), or remove the rows with"
              + " `supabase migration repair --status reverted`.");
    }
    return adopted;
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
          && (config.target() == null
              || config.order().compare(status.version(), config.target()) <= 0)) {
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

  private PgKeeperException databaseError(String doing, SQLException e) {
    return MigrationErrors.database(doing, config, e);
  }

  private static String describe(ConnectionConfig connection) {
    return connection.maskedUrl();
  }
}
