package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationScript;
import io.github.pgkeeper.core.migration.MigrationScriptException;
import io.github.pgkeeper.core.sql.Directive;
import io.github.pgkeeper.core.sql.NonTransactional;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import io.github.pgkeeper.core.sql.TokenType;
import io.github.pgkeeper.core.sql.TransactionBlocks;
import java.util.List;
import java.util.Optional;

/**
 * Lints one migration file: lexes it once with the migration engine's lexer, reads its {@code --
 * db:ignore} comments, checks its transaction structure the way db:migrate will run it, then
 * applies the statement rules to its up part. A lexical error is reported at its line and ends the
 * file's checks (the rest of the file is inside the unclosed quote); the next file is checked as
 * usual.
 */
final class FileLinter {
  static final String IGNORE_DIRECTIVE = "db:ignore";

  private final FindingCollector out;
  private final SetFacts facts;
  private final int serverMajor;

  FileLinter(FindingCollector out, SetFacts facts, int serverMajor) {
    this.out = out;
    this.facts = facts;
    this.serverMajor = serverMajor;
  }

  /** Returns the number of statements checked. */
  int lint(MigrationFile migration, FileContext file) {
    checkDownScript(migration);
    SqlScript script;
    try {
      script = SqlScript.parse(migration.content());
    } catch (SqlSyntaxException e) {
      out.add(file, 0, Rule.LEXICAL_ERROR, e.line(), e.column(), capitalize(e.getMessage()) + ".");
      return 0;
    }
    readSuppressions(script, file);
    SqlScript up = MigrationScript.upSection(script);
    Optional<String> outsideTransaction;
    try {
      outsideTransaction =
          MigrationScript.nonTransactionalReason(migration, script, up, serverMajor);
    } catch (MigrationScriptException e) {
      out.add(
          file,
          0,
          Rule.INVALID_DIRECTIVE,
          e.line(),
          1,
          e.getMessage().substring(e.getMessage().indexOf(": ") + 2) + ".",
          "-- db:transaction off, or remove the line");
      outsideTransaction = Optional.empty();
    }
    checkStatements(file, migration.content(), up, outsideTransaction.isEmpty());
    return up.statements().size();
  }

  private void checkStatements(
      FileContext file, String source, SqlScript up, boolean transactional) {
    StatementRules rules = new StatementRules(out, facts, file, serverMajor);
    List<SqlStatement> statements = up.statements();
    List<SqlStatement> readWell = new java.util.ArrayList<>(statements.size());
    boolean explicitTransactionOpen = false;
    boolean misread = false;
    for (int i = 0; i < statements.size(); i++) {
      SqlStatement statement = statements.get(i);
      if (misread) {
        // After a nested $$ the lexer pairs quotes wrongly up to the next dollar quote.
        misread = statement.tokens().stream().noneMatch(t -> t.type() == TokenType.DOLLAR_STRING);
        continue;
      }
      readWell.add(statement);
      if (SqlScript.isTransactionControl(statement)) {
        explicitTransactionOpen =
            SqlScript.isTransactionStart(statement)
                || (explicitTransactionOpen && TransactionBlocks.isChain(statement));
        continue;
      }
      if (explicitTransactionOpen) {
        NonTransactional.reason(statement, serverMajor)
            .ifPresent(
                reason ->
                    out.add(
                        file,
                        statement.line(),
                        Rule.CONCURRENTLY_IN_TRANSACTION,
                        statement.line(),
                        statement.column(),
                        reason
                            + " cannot run inside the BEGIN ... COMMIT block this file opens;"
                            + " PostgreSQL refuses it in a transaction."));
      }
      misread = rules.check(new Words(source, statement.tokens()), statement.line());
    }
    // The misread pieces after a nested $$ (an END of the inner body) are not the file's own.
    checkTransactions(file, up.withStatements(readWell), transactional);
  }

  /**
   * The file's own transaction control, split as db:migrate splits it: what it refuses is an error
   * at its line; a file that commits in several transactions, though it would otherwise run in one,
   * is a warning at the line where it stops being atomic.
   */
  private void checkTransactions(FileContext file, SqlScript up, boolean transactional) {
    Optional<String> reason = transactional ? Optional.empty() : Optional.of("off");
    if (!MigrationScript.ownsTransactions(up, reason)) {
      return;
    }
    List<TransactionBlocks.Segment> segments;
    try {
      segments = TransactionBlocks.split(up.statements(), reason.isPresent());
    } catch (TransactionBlocks.UnsupportedControl e) {
      SqlStatement statement = e.statement();
      out.add(
          file,
          statement.line(),
          Rule.TRANSACTION_CONTROL,
          statement.line(),
          statement.column(),
          e.getMessage() + ".");
      return;
    }
    if (!transactional || segments.size() < 2) {
      return;
    }
    SqlStatement boundary = TransactionBlocks.firstBoundary(up.statements(), segments);
    String words = String.join(" ", boundary.leadingWords(1));
    out.add(
        file,
        boundary.line(),
        Rule.MID_FILE_COMMIT,
        boundary.line(),
        boundary.column(),
        (SqlScript.isTransactionStart(boundary)
                ? words + " starts a transaction after statements that commit before it"
                : words + " commits in the middle of the file")
            + ", so the file is not atomic: db:migrate runs it as "
            + segments.size()
            + " transactions, as the Supabase CLI and psql do, and records each one it commits. A"
            + " failure in a later one leaves the earlier ones applied, and the next migrate"
            + " resumes after them.");
  }

  /**
   * Reads the {@code -- db:ignore <rule-id> <reason>} comments. Those before the first statement
   * cover the file; one on the last line of a statement covers that statement; any other covers the
   * statement after it.
   */
  private void readSuppressions(SqlScript script, FileContext file) {
    List<SqlStatement> statements = script.statements();
    for (Directive directive : script.directives()) {
      if (!directive.is(IGNORE_DIRECTIVE)) {
        continue;
      }
      String[] parts = directive.argument().split("\\s+", 2);
      Optional<Rule> rule = parts[0].isEmpty() ? Optional.empty() : Rule.byId(parts[0]);
      if (rule.isEmpty()) {
        out.add(
            file,
            0,
            Rule.INVALID_DIRECTIVE,
            directive.line(),
            1,
            "-- db:ignore names "
                + (parts[0].isEmpty() ? "no rule" : "an unknown rule '" + parts[0] + "'")
                + "; it suppresses nothing.");
        continue;
      }
      if (parts.length < 2 || parts[1].isBlank()) {
        out.add(
            file,
            0,
            Rule.INVALID_DIRECTIVE,
            directive.line(),
            1,
            "-- db:ignore "
                + rule.get().id()
                + " gives no reason; say why the rule does not apply.");
      }
      int target = statementFor(directive, statements);
      if (target < 0) {
        file.suppressions().ignoreInFile(rule.get());
      } else {
        file.suppressions().ignoreInStatement(statements.get(target).line(), rule.get());
      }
    }
  }

  /** The index of the statement a directive covers, or -1 for the whole file. */
  private static int statementFor(Directive directive, List<SqlStatement> statements) {
    if (statements.isEmpty() || directive.offset() < statements.get(0).offset()) {
      return -1;
    }
    int low = 0;
    int high = statements.size() - 1;
    while (low < high) { // the last statement starting before the directive
      int mid = (low + high + 1) >>> 1;
      if (statements.get(mid).offset() < directive.offset()) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    SqlStatement before = statements.get(low);
    boolean trailing = directive.line() == before.line() + newlines(before.text());
    return trailing || low + 1 == statements.size() ? low : low + 1;
  }

  private static int newlines(String text) {
    int count = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      count++;
    }
    return count;
  }

  /** A companion down script is only lexed: its statements undo, and are not meant to repeat. */
  private void checkDownScript(MigrationFile migration) {
    migration
        .down()
        .ifPresent(
            down -> {
              try {
                SqlScript.parse(down.content());
              } catch (SqlSyntaxException e) {
                out.add(
                    FileContext.of(down.displayPath()),
                    0,
                    Rule.LEXICAL_ERROR,
                    e.line(),
                    e.column(),
                    capitalize(e.getMessage()) + ".");
              }
            });
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
