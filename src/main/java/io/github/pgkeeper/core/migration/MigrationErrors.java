package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.TransactionBlocks.Kind;
import io.github.pgkeeper.core.sql.TransactionBlocks.Segment;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a server error during a migration into a message naming the file, line and SQLSTATE. */
final class MigrationErrors {
  private static final int STATEMENT_PREVIEW = 200;
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String QUERY_CANCELED = "57014";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private MigrationErrors() {}

  /**
   * Where a migration that runs without a transaction stopped.
   *
   * @param statementNumber the 1-based number of the statement that failed
   * @param applied how many of its statements stay applied
   * @param aftermath what the failed statement left behind and what was done about it, or empty
   */
  record Stop(int statementNumber, int applied, String aftermath) {}

  /**
   * A migration the server rejected.
   *
   * @param index the migration's position in this run, for one run in a transaction
   * @param blockers sessions seen blocking the statement while it waited
   * @param stop for a migration run statement by statement, where it stopped; null for one run in a
   *     transaction
   */
  static MigrationFailedException failed(
      MigrationScript script,
      SqlStatement statement,
      SQLException error,
      int index,
      List<SessionInfo> blockers,
      Timeouts timeouts,
      Stop stop) {
    MigrationFile file = script.file();
    Report report =
        report(
            script,
            statement,
            error,
            blockers,
            timeouts,
            line ->
                where(
                    script,
                    line,
                    stop == null
                        ? ""
                        : " (statement "
                            + stop.statementNumber()
                            + " of "
                            + script.up().size()
                            + ")",
                    " failed at "));
    StringBuilder message = report.message();
    Cause cause = report.cause();
    if (stop != null) {
      message
          .append("\nMigration ")
          .append(file.version())
          .append(" runs without a transaction (")
          .append(script.nonTransactionalReason().orElse(""))
          .append("), so ")
          .append(appliedStatements(stop.applied()))
          .append('.')
          .append(stop.aftermath())
          .append('\n')
          .append(cause.advice("statement " + stop.statementNumber()))
          .append(" and run migrate again: it resumes at statement ")
          .append(stop.applied() + 1)
          .append('.');
    } else {
      message.append("\nMigration ").append(file.version()).append(" was rolled back");
      if (index == 2) {
        message.append("; the migration before it in this run stays applied");
      } else if (index > 2) {
        message.append("; the ").append(index - 1).append(" before it in this run stay applied");
      }
      message.append(". ").append(cause.advice("the script")).append(" and run migrate again.");
    }
    return new MigrationFailedException(
        message.toString(), file, report.line(), error.getSQLState(), cause.setting(), error);
  }

  /**
   * Where a file that controls its own transactions stopped.
   *
   * @param number the 1-based number of the segment that failed
   * @param failing that segment
   * @param aftermath what a failed statement left behind and what was done about it, or empty
   */
  record SegmentStop(int number, Segment failing, String aftermath) {}

  /** A segment of a file that controls its own transactions, which the server rejected. */
  static MigrationFailedException failedInSegment(
      MigrationScript script,
      SqlStatement statement,
      SQLException error,
      List<SessionInfo> blockers,
      Timeouts timeouts,
      SegmentStop stop) {
    MigrationFile file = script.file();
    int total = script.segments().size();
    Report report =
        report(
            script,
            statement,
            error,
            blockers,
            timeouts,
            line ->
                where(
                    script,
                    line,
                    " (segment " + stop.number() + " of " + total + ")",
                    " failed at "));
    StringBuilder message = report.message();
    message
        .append("\nMigration ")
        .append(file.version())
        .append(" controls its own transactions: it runs as ")
        .append(total == 1 ? "1 segment" : total + " segments, each")
        .append(" committed together with its progress in the history. ")
        .append(capitalize(describe(stop.failing())))
        .append(stop.failing().kind() == Kind.ALONE ? " failed" : " was rolled back")
        .append("; ")
        .append(appliedSegments(stop.number() - 1, total))
        .append('.')
        .append(stop.aftermath())
        .append('\n')
        .append(report.cause().advice("segment " + stop.number()))
        .append(" and run migrate again: it resumes at segment ")
        .append(stop.number())
        .append(" (line ")
        .append(stop.failing().firstLine())
        .append(')')
        .append(
            stop.number() > 1
                ? "; the segments before it must stay as they are in the file, since they ran."
                : ".");
    return new MigrationFailedException(
        message.toString(),
        file,
        report.line(),
        error.getSQLState(),
        report.cause().setting(),
        error);
  }

  /** A statement on its own of a segmented file, not run because of what an earlier run left. */
  static MigrationFailedException refusedInSegment(
      MigrationScript script, SqlStatement statement, int number, String reason) {
    int total = script.segments().size();
    return new MigrationFailedException(
        where(
                script,
                statement.line(),
                " (segment " + number + " of " + total + ")",
                " stopped at ")
            + ": "
            + reason
            + "\nThe file controls its own transactions, so "
            + appliedSegments(number - 1, total)
            + ".",
        script.file(),
        statement.line(),
        null,
        null,
        null);
  }

  /** "segments 1 to 2 of 4 are applied and recorded", in the words each count needs. */
  static String appliedSegments(int committed, int total) {
    return switch (committed) {
      case 0 ->
          total == 1
              ? "nothing of it was applied"
              : "none of its " + total + " segments was applied";
      case 1 -> "segment 1 of " + total + " is applied and recorded";
      default -> "segments 1 to " + committed + " of " + total + " are applied and recorded";
    };
  }

  /** What a segment is, for messages: "the BEGIN ... COMMIT block at lines 4 to 9". */
  static String describe(Segment segment) {
    String lines =
        segment.firstLine() == segment.lastLine()
            ? "line " + segment.firstLine()
            : "lines " + segment.firstLine() + " to " + segment.lastLine();
    return switch (segment.kind()) {
      case BLOCK -> "the transaction block at " + lines;
      case RUN -> "the statements outside a block at " + lines + ", run in one transaction";
      case ALONE -> "the statement at " + lines + ", committed on its own";
    };
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The server's error as the first lines of a message, and why the statement stopped. */
  private record Report(StringBuilder message, Cause cause, int line) {}

  private static Report report(
      MigrationScript script,
      SqlStatement statement,
      SQLException error,
      List<SessionInfo> blockers,
      Timeouts timeouts,
      java.util.function.IntFunction<String> where) {
    ServerErrorMessage server =
        error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    int line = statement == null ? 1 : statement.line();
    if (statement != null && server != null && server.getPosition() > 0) {
      line = statement.lineAt(server.getPosition());
    }
    String sqlState = error.getSQLState();
    StringBuilder message = new StringBuilder(where.apply(line)).append(": ");
    message
        .append(
            server != null ? server.getSeverity() + ": " + server.getMessage() : error.getMessage())
        .append(" [SQLSTATE ")
        .append(sqlState)
        .append(']');
    if (server != null) {
      appendField(message, "Detail", server.getDetail());
      appendField(message, "Hint", server.getHint());
      appendField(message, "Where", server.getWhere());
    }
    if (statement != null) {
      appendField(message, "Statement", preview(statement.text()));
    }
    Cause cause = Cause.of(sqlState, server != null ? server.getMessage() : error.getMessage());
    String waits = blockers.stream().map(SessionInfo::describe).collect(Collectors.joining("; "));
    switch (cause) {
      case LOCK_TIMEOUT ->
          appendField(
              message,
              "Blocked by",
              waits.isEmpty() ? "no session seen (the wait was short or the blocker left)" : waits);
      case STATEMENT_TIMEOUT -> {
        appendField(
            message,
            "Timed out",
            "the statement ran longer than statement_timeout, which is statementTimeout ("
                + timeouts.statement()
                + ") unless the migration sets it itself");
        appendField(message, "It was waiting for a lock held by", waits);
      }
      case CANCELLED_BY_SOMEONE -> {
        appendField(
            message,
            "Cancelled",
            "by another session (pg_cancel_backend) or an administrator, not by a timeout");
        appendField(message, "It was waiting for a lock held by", waits);
      }
      case CANCELLED -> {
        appendField(
            message,
            "Cancelled",
            "by statement_timeout (statementTimeout = "
                + timeouts.statement()
                + "), or by another session (pg_cancel_backend) or an administrator");
        appendField(message, "It was waiting for a lock held by", waits);
      }
      case OTHER -> {}
    }
    return new Report(message, cause, line);
  }

  /**
   * A statement of a migration without a transaction that is not run, or not recorded, because of
   * what an earlier run of it left behind.
   */
  static MigrationFailedException refused(
      MigrationScript script, SqlStatement statement, Stop stop, String reason) {
    return new MigrationFailedException(
        where(
                script,
                statement.line(),
                " (statement " + stop.statementNumber() + " of " + script.up().size() + ")",
                " stopped at ")
            + ": "
            + reason
            + "\nIts statements before this one ran without a transaction, so "
            + appliedStatements(stop.applied())
            + ".",
        script.file(),
        statement.line(),
        null,
        null,
        null);
  }

  /** For example: "Migration 004 failed at migrations/004_x.sql:3 (statement 2 of 5)". */
  private static String where(MigrationScript script, int line, String progress, String verb) {
    MigrationFile file = script.file();
    return "Migration " + file.version() + verb + file.location(line) + progress;
  }

  /** "statements 1 to 3 stay applied", in the words each count needs. */
  static String appliedStatements(int applied) {
    return switch (applied) {
      case 0 -> "none of its statements was applied";
      case 1 -> "its statement 1 stays applied";
      default -> "its statements 1 to " + applied + " stay applied";
    };
  }

  /** Why a statement stopped, for the words that say what to do next. */
  private enum Cause {
    LOCK_TIMEOUT,
    STATEMENT_TIMEOUT,
    /** pg_cancel_backend() or an administrator. */
    CANCELLED_BY_SOMEONE,
    /** Cancelled, the server's words not telling by what. */
    CANCELLED,
    OTHER;

    static Cause of(String sqlState, String message) {
      if (LOCK_NOT_AVAILABLE.equals(sqlState)) {
        return LOCK_TIMEOUT;
      }
      if (!QUERY_CANCELED.equals(sqlState)) {
        return OTHER;
      }
      // The server's words; under another lc_messages they are translated, hence CANCELLED.
      String text = String.valueOf(message);
      if (text.contains("statement timeout")) {
        return STATEMENT_TIMEOUT;
      }
      return text.contains("user request") ? CANCELLED_BY_SOMEONE : CANCELLED;
    }

    String advice(String what) {
      return switch (this) {
        case LOCK_TIMEOUT -> "Wait until the blocking session is done, or raise lockTimeout,";
        case STATEMENT_TIMEOUT -> "Raise statementTimeout (0 = none), or make " + what + " faster,";
        case CANCELLED_BY_SOMEONE -> "Find out who cancelled it, and";
        case CANCELLED -> "Raise statementTimeout, or find out who cancelled it,";
        case OTHER -> "Fix " + what;
      };
    }

    Setting setting() {
      return switch (this) {
        case LOCK_TIMEOUT -> Setting.LOCK_TIMEOUT;
        case STATEMENT_TIMEOUT, CANCELLED -> Setting.STATEMENT_TIMEOUT;
        case CANCELLED_BY_SOMEONE, OTHER -> null;
      };
    }
  }

  /**
   * A rollback step the server rejected.
   *
   * @param aftermath what the failed statement left behind and what was done about it, or empty
   */
  static MigrationFailedException undoFailed(
      Rollback.Step step, SqlStatement statement, SQLException error, String aftermath) {
    MigrationFile file = step.file();
    String path = file.down().map(MigrationFile.DownScript::displayPath).orElse(file.displayPath());
    ServerErrorMessage server =
        error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    int line = statement == null ? 1 : statement.line();
    if (statement != null && server != null && server.getPosition() > 0) {
      line = statement.lineAt(server.getPosition());
    }
    StringBuilder message =
        new StringBuilder()
            .append("Rolling back ")
            .append(file.version())
            .append(" failed at ")
            .append(path)
            .append(':')
            .append(line)
            .append(": ")
            .append(
                server != null
                    ? server.getSeverity() + ": " + server.getMessage()
                    : error.getMessage())
            .append(" [SQLSTATE ")
            .append(error.getSQLState())
            .append(']');
    if (statement != null) {
      appendField(message, "Statement", preview(statement.text()));
    }
    message.append(aftermath);
    message.append(
        step.outside().isPresent()
            ? "\nIts down part runs without a transaction ("
                + step.outside().get()
                + "): the statements before this one stay done, and "
                + file.version()
                + " stays recorded as applied."
            : "\nThe undo of " + file.version() + " was rolled back; it stays applied.");
    return new MigrationFailedException(message.toString(), file, line, error.getSQLState(), error);
  }

  /** A rollback step not run because of what an earlier run of its statement left behind. */
  static MigrationFailedException undoRefused(
      Rollback.Step step, SqlStatement statement, String reason) {
    MigrationFile file = step.file();
    String path = file.down().map(MigrationFile.DownScript::displayPath).orElse(file.displayPath());
    return new MigrationFailedException(
        "Rolling back "
            + file.version()
            + " stopped at "
            + path
            + ':'
            + statement.line()
            + ": "
            + reason
            + "\nIts down part runs without a transaction: the statements before this one stay"
            + " done, and "
            + file.version()
            + " stays recorded as applied.",
        file,
        statement.line(),
        null,
        null);
  }

  /**
   * A database error outside a migration's own statements: reading or writing the history. A
   * missing privilege names what the history needs and the GRANT, not the URL.
   */
  static PgKeeperException database(String doing, MigrationConfig config, SQLException e) {
    if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      String schema = HistoryTable.quote(config.historySchema());
      String table = schema + "." + HistoryTable.quote(config.historyTable());
      String role =
          config.connection().user() == null
              ? "<the role you connect as>"
              : HistoryTable.quote(config.connection().user());
      return new PgKeeperException(
          "Permission denied while "
              + doing
              + ": "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]. The role needs USAGE on schema "
              + schema
              + " and SELECT, INSERT, UPDATE, DELETE on the history table "
              + table
              + ". As their owner: GRANT USAGE ON SCHEMA "
              + schema
              + " TO "
              + role
              + "; GRANT SELECT, INSERT, UPDATE, DELETE ON "
              + table
              + " TO "
              + role
              + ";"
              + (config.historyMode() == HistoryMode.SUPABASE
                  ? " The same on " + SupabaseHistory.TABLE + " and its schema."
                  : ""),
          Setting.USER,
          e);
    }
    return new PgKeeperException(
        "Database error while "
            + doing
            + " on "
            + config.connection().maskedUrl()
            + ": "
            + e.getMessage()
            + " [SQLSTATE "
            + e.getSQLState()
            + "]",
        Setting.URL,
        e);
  }

  private static void appendField(StringBuilder message, String name, String value) {
    if (value != null && !value.isBlank()) {
      message.append("\n  ").append(name).append(": ").append(value);
    }
  }

  private static String preview(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= STATEMENT_PREVIEW
        ? oneLine
        : oneLine.substring(0, STATEMENT_PREVIEW) + " ...";
  }
}
