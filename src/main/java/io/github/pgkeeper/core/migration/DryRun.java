package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.TransactionBlocks;
import java.util.List;

/**
 * The exact SQL a migrate or rollback would send, with its transaction boundaries and history
 * bookkeeping, for {@code -Ddb.dryRun}. Nothing is executed.
 */
final class DryRun {
  static final String HEADER = "-- Dry run: nothing below has been executed.\n";

  private DryRun() {}

  static String createHistory(HistoryTable history) {
    StringBuilder sql = new StringBuilder("-- The history table does not exist yet:\n");
    history.createStatements().forEach(s -> sql.append(s).append(";\n"));
    return sql.append('\n').toString();
  }

  static String migrate(MigrationScript script, HistoryTable history, Timeouts timeouts) {
    MigrationFile file = script.file();
    StringBuilder sql = title(file.version(), file.description(), file.displayPath());
    if (script.segmented()) {
      segments(sql, script, history, timeouts);
    } else if (script.transactional()) {
      sql.append("BEGIN;\n");
      setTimeouts(sql, timeouts, "SET LOCAL");
      statements(sql, script.up());
      sql.append(history.insertSql(file)).append(";\nCOMMIT;\n\n");
    } else {
      sql.append("-- Runs without a transaction (")
          .append(script.nonTransactionalReason().orElseThrow())
          .append(
              "), each statement committed on its own; the history row records its progress.\n");
      setTimeouts(sql, timeouts, "SET");
      statements(sql, script.up());
      sql.append("RESET lock_timeout;\nRESET statement_timeout;\n\n");
    }
    return sql.toString();
  }

  /**
   * A file with BEGIN/COMMIT blocks of its own: each segment as it runs, with the history write
   * that commits with it. {@code <rank>} is the row the first INSERT returns.
   */
  private static void segments(
      StringBuilder sql, MigrationScript script, HistoryTable history, Timeouts timeouts) {
    MigrationFile file = script.file();
    List<SqlStatement> statements = script.up();
    List<TransactionBlocks.Segment> segments = script.segments();
    sql.append("-- Controls its own transactions: runs as ")
        .append(segments.size())
        .append(segments.size() == 1 ? " segment, committed" : " segments, each committed")
        .append(" with its progress in the history row; a failed run")
        .append(" resumes at the segment that failed.\n");
    setTimeouts(sql, timeouts, "SET");
    sql.append(history.startProgressSql(file, statements.size(), Checksums.ofStatements(List.of())))
        .append(";\n");
    for (int i = 0; i < segments.size(); i++) {
      TransactionBlocks.Segment segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      sql.append("-- Segment ")
          .append(i + 1)
          .append(" of ")
          .append(segments.size())
          .append(": ")
          .append(MigrationErrors.describe(segment))
          .append('\n');
      String progress =
          history.progressSql(
              file, segment.end(), Checksums.ofStatements(statements.subList(0, segment.end())));
      if (segment.kind() == TransactionBlocks.Kind.ALONE) {
        statements(sql, segment.body());
        sql.append("BEGIN;\nSET LOCAL ROLE NONE;\n").append(progress).append(";\n");
        if (last) {
          finish(sql, script, history);
        }
        sql.append("COMMIT;\n");
        continue;
      }
      if (segment.chained()) {
        sql.append("-- (the transaction the COMMIT AND CHAIN above opened)\n");
      } else {
        sql.append(segment.opening() == null ? "BEGIN" : segment.opening().text()).append(";\n");
      }
      statements(sql, segment.body());
      sql.append("SET LOCAL ROLE NONE;\n").append(progress).append(";\n");
      if (last) {
        finish(sql, script, history);
      }
      sql.append(segment.closing() == null ? "COMMIT" : segment.closing().text()).append(";\n");
    }
    sql.append("RESET lock_timeout;\nRESET statement_timeout;\n\n");
  }

  private static void finish(StringBuilder sql, MigrationScript script, HistoryTable history) {
    sql.append(history.finishProgressSql()).append(";\n");
    history.supabaseInsertSql(script).forEach(s -> sql.append(s).append(";\n"));
  }

  static String undo(Rollback.Step step, HistoryTable history, Timeouts timeouts) {
    MigrationFile file = step.file();
    StringBuilder sql =
        title(file.version(), "roll back " + file.description(), file.displayPath());
    boolean transactional = step.outside().isEmpty();
    if (transactional) {
      sql.append("BEGIN;\n");
      setTimeouts(sql, timeouts, "SET LOCAL");
    } else {
      sql.append("-- Runs without a transaction (").append(step.outside().get()).append(").\n");
      setTimeouts(sql, timeouts, "SET");
    }
    statements(sql, Rollback.statements(step));
    sql.append(history.deleteSql(step.row())).append(";\n");
    sql.append(transactional ? "COMMIT;\n\n" : "RESET lock_timeout;\nRESET statement_timeout;\n\n");
    return sql.toString();
  }

  private static StringBuilder title(Version version, String description, String path) {
    return new StringBuilder("-- ")
        .append(version)
        .append(' ')
        .append(description)
        .append(" (")
        .append(path)
        .append(")\n");
  }

  private static void setTimeouts(StringBuilder sql, Timeouts timeouts, String set) {
    sql.append(set).append(" lock_timeout = '").append(timeouts.lock()).append("';\n");
    sql.append(set).append(" statement_timeout = '").append(timeouts.statement()).append("';\n");
  }

  private static void statements(StringBuilder sql, List<SqlStatement> statements) {
    statements.forEach(s -> sql.append(s.text()).append(";\n"));
  }
}
