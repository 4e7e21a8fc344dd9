package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.SqlStatement;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a server error during a migration into a message naming the file, line and SQLSTATE. */
final class MigrationErrors {
  private static final int STATEMENT_PREVIEW = 200;

  private MigrationErrors() {}

  static MigrationFailedException failed(
      MigrationFile file, SqlStatement statement, SQLException error, int index) {
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
            .append(file.location(line))
            .append(": ")
            .append(
                server != null
                    ? server.getSeverity() + ": " + server.getMessage()
                    : error.getMessage())
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
    message.append("\nMigration ").append(file.version()).append(" was rolled back");
    if (index > 1) {
      message.append("; the ").append(index - 1).append(" before it in this run stay applied");
    }
    message.append(". Fix the script and run migrate again.");
    return new MigrationFailedException(message.toString(), file, line, sqlState, error);
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
