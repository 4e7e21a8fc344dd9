package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.sql.SessionSetting;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.TransactionBlocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs one migration on the migration connection, in one of two ways:
 *
 * <ul>
 *   <li>{@link #inTransaction}: all statements and the history row in one transaction, with {@code
 *       SET LOCAL} timeouts; a failure rolls everything back.
 *   <li>{@link #statementByStatement}: for migrations that cannot run in a transaction. Each
 *       statement commits on its own and the history row records how many ran, so a failed run can
 *       resume where it stopped.
 *   <li>{@link #bySegments}: for files with BEGIN/COMMIT blocks of their own. Each segment commits
 *       with its progress, and a failed run resumes at the segment that failed.
 * </ul>
 */
final class MigrationRunner {
  private static final String INVALID_PARAMETER_VALUE = "22023";

  /**
   * The history table belongs to the connected user, and a migration may have run {@code SET ROLE};
   * for the rest of the transaction only.
   */
  private static final String AS_CONNECTED_USER = "SET LOCAL ROLE NONE";

  private final Connection connection;
  private final HistoryTable history;
  private final Timeouts timeouts;
  private final BlockerMonitor blockers;
  private final List<String> sessionReset;
  private final Leftovers leftovers;

  /**
   * @param sessionSetup session settings of our own (such as the disconnect check) that {@code
   *     RESET ALL} would undo, set again before each migration
   */
  MigrationRunner(
      Connection connection,
      HistoryTable history,
      Timeouts timeouts,
      BlockerMonitor blockers,
      List<String> sessionSetup,
      Logger log) {
    this.connection = connection;
    this.history = history;
    this.timeouts = timeouts;
    this.blockers = blockers;
    List<String> reset = new ArrayList<>();
    // What one migration sets for its session (search_path emptied by pg_dump output, a role,
    // a time zone) must not leak into the next one. Settings from the connection's start-up
    // packet (application_name, client_encoding, DateStyle) are what RESET ALL goes back to.
    // RESET ALL leaves the role and session user alone, hence the two before it.
    reset.add("RESET SESSION AUTHORIZATION");
    reset.add("RESET ROLE");
    reset.add("RESET ALL");
    reset.addAll(sessionSetup);
    this.sessionReset = List.copyOf(reset);
    this.leftovers = new Leftovers(connection, log);
  }

  /**
   * Returns the milliseconds it took. The whole migration (BEGIN, the timeouts, its statements, the
   * history row and COMMIT) goes to the server as one JDBC batch: one round trip instead of one per
   * statement, which is most of the client's cost on a run of many small migrations. On a failure
   * the batch entry that failed is read back from the driver's error; if that cannot be done, the
   * migration is run again statement by statement (it was rolled back) so the error names its line.
   */
  long inTransaction(MigrationScript script, int index) throws MigrationFailedException {
    long started = System.nanoTime();
    List<SqlStatement> statements = script.up();
    List<String> entries = new ArrayList<>(statements.size() + 5);
    entries.add("BEGIN");
    entries.addAll(sessionReset);
    int firstTimeout = entries.size();
    entries.add("SET LOCAL lock_timeout = " + HistoryTable.literal(timeouts.lock()));
    entries.add("SET LOCAL statement_timeout = " + HistoryTable.literal(timeouts.statement()));
    int firstStatement = entries.size();
    statements.forEach(statement -> entries.add(statement.text()));
    entries.add(AS_CONNECTED_USER);
    entries.add(history.insertSql(script.file(), HistoryTable.SERVER_ELAPSED_MS));
    entries.addAll(history.supabaseInsertSql(script));
    entries.add("COMMIT");
    try {
      connection.setAutoCommit(true);
      blockers.reset();
      try (Statement jdbc = connection.createStatement()) {
        // The text goes to the server as written: no JDBC {escape} rewriting.
        jdbc.setEscapeProcessing(false);
        for (String entry : entries) {
          jdbc.addBatch(entry);
        }
        jdbc.executeBatch();
      }
      return millisSince(started);
    } catch (SQLException e) {
      rollbackOpenTransaction();
      OptionalInt failed = FailedBatchEntry.find(e, entries);
      if (failed.isEmpty()) {
        return inTransactionOneByOne(script, index, started);
      }
      int entry = failed.getAsInt();
      SQLException cause = FailedBatchEntry.serverError(e);
      if (entry >= firstTimeout && entry < firstStatement) {
        throw invalidTimeout(cause);
      }
      SqlStatement current =
          entry >= firstStatement && entry - firstStatement < statements.size()
              ? statements.get(entry - firstStatement)
              : null;
      recordFailure(script.file(), millisSince(started));
      throw MigrationErrors.failed(
          script, current, cause, index, blockers.lastBlockers(), timeouts, null);
    }
  }

  /** The plain way: one round trip per statement; used when a batch failure needs attributing. */
  private long inTransactionOneByOne(MigrationScript script, int index, long started)
      throws MigrationFailedException {
    SqlStatement current = null;
    try {
      connection.setAutoCommit(false);
      resetSession();
      applyTimeouts(true);
      try (Statement jdbc = connection.createStatement()) {
        jdbc.setEscapeProcessing(false);
        for (SqlStatement statement : script.up()) {
          current = statement;
          blockers.reset();
          jdbc.execute(statement.text());
        }
      }
      try (Statement owner = connection.createStatement()) {
        owner.execute(AS_CONNECTED_USER);
      }
      history.insert(connection, script.file(), millisSince(started), true);
      history.recordInSupabaseHistory(connection, script);
      connection.commit();
      return millisSince(started);
    } catch (SQLException e) {
      rollbackQuietly();
      recordFailure(script.file(), millisSince(started));
      throw MigrationErrors.failed(
          script, current, e, index, blockers.lastBlockers(), timeouts, null);
    }
  }

  /**
   * Runs the statements from {@code resumeAt} (0-based) on, each committed on its own. A statement
   * that leaves something behind when it fails (see {@link Leftovers}) has that cleared before it
   * runs again, and is checked before its progress is recorded.
   *
   * @param progressRank the history row of an earlier failed run to continue, or null for a new one
   */
  long statementByStatement(MigrationScript script, int index, int resumeAt, Integer progressRank)
      throws MigrationFailedException {
    List<SqlStatement> statements = script.up();
    long started = System.nanoTime();
    int next = 0;
    Leftovers.Attempt attempt = null;
    try {
      connection.setAutoCommit(true);
      resetSession();
      applyTimeouts(false);
      int rank =
          progressRank != null
              ? progressRank
              : history.startProgress(
                  connection,
                  script.file(),
                  statements.size(),
                  Checksums.ofStatements(statements.subList(0, 0)));
      try (Statement jdbc = connection.createStatement()) {
        jdbc.setEscapeProcessing(false);
        // The statements after a SET were written for the session it set up.
        for (; next < resumeAt; next++) {
          if (SessionSetting.onlySetsSession(statements.get(next))) {
            jdbc.execute(statements.get(next).text());
          }
        }
        for (; next < statements.size(); next++) {
          SqlStatement statement = statements.get(next);
          blockers.reset();
          attempt = leftovers.prepare(statement);
          if (attempt.run()) {
            jdbc.execute(statement.text());
          }
          attempt.succeeded();
          attempt = null;
          int applied = next + 1;
          asConnectedUser(
              () ->
                  history.recordProgress(
                      connection,
                      rank,
                      script.file(),
                      applied,
                      Checksums.ofStatements(statements.subList(0, applied)),
                      millisSince(started)));
        }
      }
      asConnectedUser(
          () -> {
            history.finishProgress(connection, rank);
            history.recordInSupabaseHistory(connection, script);
          });
      return millisSince(started);
    } catch (SQLException e) {
      SqlStatement failed = next < statements.size() ? statements.get(next) : null;
      String aftermath = attempt == null ? "" : attempt.failed();
      throw MigrationErrors.failed(
          script,
          failed,
          e,
          index,
          blockers.lastBlockers(),
          timeouts,
          new MigrationErrors.Stop(next + 1, Math.max(resumeAt, next), aftermath));
    } catch (Leftovers.Refused refused) {
      throw MigrationErrors.refused(
          script,
          statements.get(next),
          new MigrationErrors.Stop(next + 1, next, ""),
          refused.getMessage());
    } finally {
      resetTimeouts();
    }
  }

  /**
   * Runs a file that controls its own transactions, segment by segment from the one that starts at
   * statement {@code resumeAt} (0-based): each explicit block with its own BEGIN and COMMIT as the
   * file writes them, each run of statements between blocks in a transaction of ours, each
   * statement on its own committed alone. The history row's progress is written inside each
   * segment's transaction, just before its COMMIT, so a segment is recorded exactly when it is
   * committed; the last one marks the migration applied in the same transaction.
   *
   * @param progressRank the history row of an earlier failed run to continue, or null for a new one
   */
  long bySegments(MigrationScript script, int index, int resumeAt, Integer progressRank)
      throws MigrationFailedException {
    List<SqlStatement> statements = script.up();
    List<TransactionBlocks.Segment> segments = script.segments();
    int current = firstSegmentAt(script, resumeAt);
    long started = System.nanoTime();
    SqlStatement running = null;
    Leftovers.Attempt attempt = null;
    try {
      connection.setAutoCommit(true);
      resetSession();
      applyTimeouts(false);
      int rank =
          progressRank != null
              ? progressRank
              : history.startProgress(
                  connection, script.file(), statements.size(), Checksums.ofStatements(List.of()));
      boolean finished = false;
      try (Statement jdbc = connection.createStatement()) {
        jdbc.setEscapeProcessing(false);
        // The segments after a SET were written for the session it set up.
        for (SqlStatement done : statements.subList(0, resumeAt)) {
          if (SessionSetting.onlySetsSession(done)) {
            jdbc.execute(done.text());
          }
        }
        for (; current < segments.size(); current++) {
          TransactionBlocks.Segment segment = segments.get(current);
          boolean last = current == segments.size() - 1;
          int applied = segment.end();
          String progressChecksum = Checksums.ofStatements(statements.subList(0, applied));
          blockers.reset();
          if (segment.kind() == TransactionBlocks.Kind.ALONE) {
            running = segment.body().get(0);
            attempt = leftovers.prepare(running);
            if (attempt.run()) {
              jdbc.execute(running.text());
            }
            attempt.succeeded();
            attempt = null;
            asConnectedUser(
                () -> {
                  history.recordProgress(
                      connection,
                      rank,
                      script.file(),
                      applied,
                      progressChecksum,
                      millisSince(started));
                  if (last) {
                    history.finishProgress(connection, rank);
                    history.recordInSupabaseHistory(connection, script);
                  }
                });
          } else {
            running = segment.opening();
            if (!segment.chained()) {
              jdbc.execute(running == null ? "BEGIN" : running.text());
            }
            for (SqlStatement statement : segment.body()) {
              running = statement;
              blockers.reset();
              jdbc.execute(statement.text());
            }
            running = null;
            jdbc.execute(AS_CONNECTED_USER);
            history.recordProgress(
                connection, rank, script.file(), applied, progressChecksum, millisSince(started));
            if (last) {
              history.finishProgress(connection, rank);
              history.recordInSupabaseHistory(connection, script);
            }
            running = segment.closing();
            jdbc.execute(running == null ? "COMMIT" : running.text());
            running = null;
          }
          finished = last;
        }
      }
      if (!finished) {
        // Resumed after its last segment: it committed, but the run died before the final mark.
        asConnectedUser(
            () -> {
              history.finishProgress(connection, rank);
              history.recordInSupabaseHistory(connection, script);
            });
      }
      return millisSince(started);
    } catch (SQLException e) {
      rollbackOpenTransaction();
      String aftermath = attempt == null ? "" : attempt.failed();
      TransactionBlocks.Segment failing = segments.get(Math.min(current, segments.size() - 1));
      throw MigrationErrors.failedInSegment(
          script,
          running,
          e,
          blockers.lastBlockers(),
          timeouts,
          new MigrationErrors.SegmentStop(current + 1, failing, aftermath));
    } catch (Leftovers.Refused refused) {
      throw MigrationErrors.refusedInSegment(script, running, current + 1, refused.getMessage());
    } finally {
      resetTimeouts();
    }
  }

  /**
   * The segment a resumed run starts with. Its first statement is where the earlier run stopped,
   * unless the file changed where that segment begins (a BEGIN removed or added).
   */
  private static int firstSegmentAt(MigrationScript script, int resumeAt) {
    List<TransactionBlocks.Segment> segments = script.segments();
    if (resumeAt >= script.up().size()) {
      return segments.size();
    }
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).start() == resumeAt) {
        return i;
      }
    }
    throw new PgKeeperException(
        "Migration "
            + script.file().version()
            + " ("
            + script.file().displayPath()
            + ") committed its first "
            + resumeAt
            + " statement(s) in an earlier run, but statement "
            + (resumeAt + 1)
            + " no longer starts one of its transactions: a BEGIN or COMMIT around it changed."
            + " Restore the file's transaction blocks as they were, so migrate can resume there;"
            + " or undo what ran by hand and remove the failed entry with db:repair.",
        Setting.LOCATIONS);
  }

  /**
   * Runs a rollback step: its down statements and the removal of its history row, in one
   * transaction unless a statement cannot run in one. Returns the milliseconds it took.
   */
  long undo(Rollback.Step step) {
    long started = System.nanoTime();
    boolean transactional = step.outside().isEmpty();
    SqlStatement current = null;
    Leftovers.Attempt attempt = null;
    try {
      connection.setAutoCommit(!transactional);
      resetSession();
      applyTimeouts(transactional);
      try (Statement jdbc = connection.createStatement()) {
        jdbc.setEscapeProcessing(false);
        for (SqlStatement statement : Rollback.statements(step)) {
          current = statement;
          attempt = transactional ? null : leftovers.prepare(statement);
          if (attempt == null || attempt.run()) {
            jdbc.execute(statement.text());
          }
          if (attempt != null) {
            attempt.succeeded();
            attempt = null;
          }
        }
      }
      history.delete(connection, List.of(step.row()));
      history.removeFromSupabaseHistory(connection, step.row().version());
      if (transactional) {
        connection.commit();
      }
      return millisSince(started);
    } catch (SQLException e) {
      rollbackQuietly();
      throw MigrationErrors.undoFailed(step, current, e, attempt == null ? "" : attempt.failed());
    } catch (Leftovers.Refused refused) {
      throw MigrationErrors.undoRefused(step, current, refused.getMessage());
    } finally {
      if (!transactional) {
        resetTimeouts();
      }
    }
  }

  private interface HistoryWrite {
    void run() throws SQLException;
  }

  /**
   * Writes history in a short transaction of its own as the connected user, whatever role the
   * migration's statements switched to, and leaves that role in place for its next statement.
   */
  private void asConnectedUser(HistoryWrite write) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement owner = connection.createStatement()) {
      owner.execute(AS_CONNECTED_USER);
      write.run();
      connection.commit();
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private void resetSession() throws SQLException {
    try (Statement reset = connection.createStatement()) {
      for (String sql : sessionReset) {
        reset.addBatch(sql);
      }
      reset.executeBatch();
    }
  }

  /** Sets both timeouts in one round trip; {@code local} limits them to the transaction. */
  private void applyTimeouts(boolean local) throws SQLException {
    try (PreparedStatement set =
        connection.prepareStatement(
            "SELECT set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?)")) {
      set.setString(1, timeouts.lock());
      set.setBoolean(2, local);
      set.setString(3, timeouts.statement());
      set.setBoolean(4, local);
      set.execute();
    } catch (SQLException e) {
      if (!INVALID_PARAMETER_VALUE.equals(e.getSQLState())) {
        throw e;
      }
      rollbackQuietly();
      throw invalidTimeout(e);
    }
  }

  private PgKeeperException invalidTimeout(SQLException e) {
    // PostgreSQL names the parameter whose value it refused.
    boolean statement = String.valueOf(e.getMessage()).contains("\"statement_timeout\"");
    return new PgKeeperException(
        "'"
            + (statement ? timeouts.statement() : timeouts.lock())
            + "' is not a valid "
            + (statement ? "statement_timeout" : "lock_timeout")
            + ": "
            + e.getMessage(),
        statement ? Setting.STATEMENT_TIMEOUT : Setting.LOCK_TIMEOUT,
        e);
  }

  /** After a failed batch the session may sit in an aborted transaction block; end it. */
  private void rollbackOpenTransaction() {
    try (Statement rollback = connection.createStatement()) {
      rollback.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // The connection is gone; the server has rolled the transaction back already.
    }
  }

  private void resetTimeouts() {
    try (Statement reset = connection.createStatement()) {
      reset.execute("RESET lock_timeout; RESET statement_timeout");
    } catch (SQLException ignored) {
      // The next migration sets its own.
    }
  }

  /** Leaves a failed row so status can say so; the next migrate removes it and tries again. */
  private void recordFailure(MigrationFile file, long millis) {
    try {
      history.insert(connection, file, millis, false);
      // After a failed batch the session is in autocommit, and the insert committed itself.
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      rollbackQuietly();
    }
  }

  private void rollbackQuietly() {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is gone; the server has rolled the transaction back already.
    }
  }

  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
