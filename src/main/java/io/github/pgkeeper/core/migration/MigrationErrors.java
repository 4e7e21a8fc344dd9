package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.sql.SqlStatement;
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

  private MigrationErrors() {}

  /**
   * @param blockers sessions seen blocking the statement while it waited
   * @param statementNumber for a migration run statement by statement, the 1-based number of the
   *     failed statement; 0 for one run in a transaction
   */
  static MigrationFailedException failed(
      MigrationScript script,
      SqlStatement statement,
      SQLException error,
      int index,
      List<SessionInfo> blockers,
      int statementNumber) {
    MigrationFile file = script.file();
    ServerErrorMessage server =
        error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    int line = statement == null ? 1 : statement.line();
    if (statement != null && server != null && server.getPosition() > 0) {
      line = statement.lineAt(server.getPosition());
    }
    String sqlState = error.getSQLState();
    StringBuilder message =
        new StringBuilder()
            .append("Migration ")
            .append(file.version())
            .append(" failed at ")
            .append(file.location(line));
    if (statementNumber > 0) {
      message
          .append(" (statement ")
          .append(statementNumber)
          .append(" of ")
          .append(script.up().size())
          .append(')');
    }
    message
        .append(": ")
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
    if (LOCK_NOT_AVAILABLE.equals(sqlState) || QUERY_CANCELED.equals(sqlState)) {
      appendField(
          message,
          "Blocked by",
          blockers.isEmpty()
              ? "no session seen (the wait was short or the blocker left)"
              : blockers.stream().map(SessionInfo::describe).collect(Collectors.joining("; ")));
    }
    if (statementNumber > 0) {
      message
          .append("\nMigration ")
          .append(file.version())
          .append(" runs without a transaction (")
          .append(script.nonTransactionalReason().orElse(""))
          .append("), so statements 1 to ")
          .append(statementNumber - 1)
          .append(" stay applied. Fix statement ")
          .append(statementNumber)
          .append(" and run migrate again: it resumes there.");
      if (statement != null && statement.words().contains("CONCURRENTLY")) {
        message.append(
            " A failed CREATE INDEX CONCURRENTLY leaves an INVALID index; drop it first.");
      }
    } else {
      message.append("\nMigration ").append(file.version()).append(" was rolled back");
      if (index > 1) {
        message.append("; the ").append(index - 1).append(" before it in this run stay applied");
      }
      message.append(". Fix the script and run migrate again.");
    }
    return new MigrationFailedException(message.toString(), file, line, sqlState, error);
  }

  /** A rollback step the server rejected. */
  static MigrationFailedException undoFailed(
      Rollback.Step step, SqlStatement statement, SQLException error) {
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

  /** A database error outside a migration's own statements: reading or writing the history. */
  static PgKeeperException database(String doing, MigrationConfig config, SQLException e) {
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
