package io.github.pgkeeper.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL script split into statements the way psql splits it: at semicolons outside parentheses,
 * strings, comments, dollar quotes and SQL-standard {@code BEGIN ATOMIC ... END} function bodies.
 *
 * <p>{@link #wrappedInTransaction()} tells whether the whole script is one {@code BEGIN; ...
 * COMMIT;} block (a common template); {@link #body()} then leaves those two statements out, so the
 * caller can run the rest in a transaction of its own. {@link #directives()} are the tool's
 * comments ({@code -- db:...}, {@code -- migrate:...}) found between statements.
 */
public record SqlScript(
    List<SqlStatement> statements, boolean wrappedInTransaction, List<Directive> directives) {

  public static SqlScript parse(String source) {
    List<Directive> directives = new ArrayList<>();
    List<SqlStatement> statements = split(source, SqlLexer.tokenize(source), directives);
    return of(statements, directives);
  }

  private static SqlScript of(List<SqlStatement> statements, List<Directive> directives) {
    boolean wrapped =
        statements.size() >= 2
            && isTransactionStart(statements.get(0))
            && isTransactionEnd(statements.get(statements.size() - 1))
            && statements.subList(1, statements.size() - 1).stream()
                .noneMatch(SqlScript::isTransactionControl);
    return new SqlScript(List.copyOf(statements), wrapped, List.copyOf(directives));
  }

  /**
   * The part of the script between two offsets (a section such as dbmate's {@code -- migrate:up}
   * and {@code -- migrate:down}), with its own transaction wrapper detection.
   */
  public SqlScript section(int fromOffset, int toOffset) {
    return of(
        statements.stream().filter(s -> s.offset() >= fromOffset && s.offset() < toOffset).toList(),
        directives.stream()
            .filter(d -> d.offset() >= fromOffset && d.offset() < toOffset)
            .toList());
  }

  /** The same script with only {@code kept} of its statements, wrapper detection redone. */
  public SqlScript withStatements(List<SqlStatement> kept) {
    return of(kept, directives);
  }

  /** The first directive with this name, such as {@code db:transaction}. */
  public java.util.Optional<Directive> directive(String name) {
    return directives.stream().filter(d -> d.is(name)).findFirst();
  }

  /**
   * The statements to run, without the outer {@code BEGIN} and {@code COMMIT} if there are some.
   */
  public List<SqlStatement> body() {
    return wrappedInTransaction ? statements.subList(1, statements.size() - 1) : statements;
  }

  /** {@code BEGIN}, {@code START TRANSACTION}: opens a transaction block. */
  public static boolean isTransactionStart(SqlStatement statement) {
    List<String> words = statement.leadingWords(2);
    if (words.isEmpty()) {
      return false;
    }
    return switch (words.get(0)) {
      // "BEGIN ATOMIC" only exists inside CREATE FUNCTION, never as a statement of its own.
      case "BEGIN" -> words.size() == 1 || !words.get(1).equals("ATOMIC");
      case "START" -> words.size() == 2 && words.get(1).equals("TRANSACTION");
      default -> false;
    };
  }

  /** {@code COMMIT} or {@code END}: closes a transaction block. */
  public static boolean isTransactionEnd(SqlStatement statement) {
    List<String> words = statement.leadingWords(2);
    return !words.isEmpty()
        && (words.get(0).equals("COMMIT") || words.get(0).equals("END"))
        && !(words.size() == 2 && words.get(1).equals("PREPARED"));
  }

  /**
   * A statement that starts, ends or aborts a transaction. Such a statement inside a migration that
   * runs in a transaction would end that transaction early. Savepoints are fine.
   */
  public static boolean isTransactionControl(SqlStatement statement) {
    if (isTransactionStart(statement) || isTransactionEnd(statement)) {
      return true;
    }
    List<String> words = statement.leadingWords(2);
    if (words.isEmpty()) {
      return false;
    }
    return switch (words.get(0)) {
      case "ABORT" -> true;
      // PREPARE TRANSACTION ends the current transaction too; a plain PREPARE is a statement.
      case "PREPARE" -> words.size() == 2 && words.get(1).equals("TRANSACTION");
      case "ROLLBACK" -> {
        // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] x only undoes part of the transaction.
        List<String> three = statement.leadingWords(3);
        int next =
            three.size() > 1 && (three.get(1).equals("WORK") || three.get(1).equals("TRANSACTION"))
                ? 2
                : 1;
        yield three.size() <= next
            || !(three.get(next).equals("TO") || three.get(next).equals("PREPARED"));
      }
      default -> false;
    };
  }

  private static List<SqlStatement> split(
      String source, List<Token> tokens, List<Directive> directives) {
    List<SqlStatement> statements = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    Token first = null;
    Token last = null;
    int parenDepth = 0;
    int blockDepth = 0;
    boolean routine = false;
    int words = 0;
    // The first four tokens that are not comments: enough to recognise a routine's header without
    // looking back over the statement (this loop must stay linear in the script).
    Token[] lead = new Token[4];
    int leadCount = 0;
    for (Token token : tokens) {
      TokenType type = token.type();
      if (type == TokenType.SEMICOLON && parenDepth == 0 && blockDepth == 0) {
        if (first != null) {
          statements.add(statement(source, first, last, current));
        }
        current = new ArrayList<>();
        first = null;
        last = null;
        routine = false;
        words = 0;
        leadCount = 0;
        continue;
      }
      current.add(token);
      if (type.isComment()) {
        if (type == TokenType.LINE_COMMENT && parenDepth == 0 && blockDepth == 0) {
          Directive.of(token.text(source), token).ifPresent(directives::add);
        }
        continue;
      }
      if (first == null) {
        first = token;
      }
      last = token;
      if (leadCount < lead.length) {
        lead[leadCount++] = token;
      }
      switch (type) {
        case OPEN_PAREN -> parenDepth++;
        case CLOSE_PAREN -> parenDepth = Math.max(0, parenDepth - 1);
        case WORD -> {
          words++;
          // Like psql: inside CREATE [OR REPLACE] FUNCTION/PROCEDURE, BEGIN (ATOMIC) and CASE open
          // a block that END closes, and semicolons inside it do not end the statement. Words in
          // parentheses (a parameter named "begin", a CASE in an expression) do not count.
          if (words <= 4 && !routine) {
            routine = isRoutineHeader(source, lead, leadCount);
          } else if (routine && parenDepth == 0) {
            if (token.isWord(source, "BEGIN") || token.isWord(source, "CASE")) {
              blockDepth++;
            } else if (token.isWord(source, "END") && blockDepth > 0) {
              blockDepth--;
            }
          }
        }
        default -> {}
      }
    }
    if (first != null) {
      statements.add(statement(source, first, last, current));
    }
    return statements;
  }

  /** Whether the first {@code count} non-comment tokens start CREATE [OR REPLACE] FUNCTION. */
  private static boolean isRoutineHeader(String source, Token[] lead, int count) {
    if (count == 0 || !lead[0].isWord(source, "CREATE")) {
      return false;
    }
    int at = 1;
    if (count > 2 && lead[1].isWord(source, "OR") && lead[2].isWord(source, "REPLACE")) {
      at = 3;
    }
    return count > at
        && (lead[at].isWord(source, "FUNCTION") || lead[at].isWord(source, "PROCEDURE"));
  }

  private static SqlStatement statement(
      String source, Token first, Token last, List<Token> tokens) {
    // Comments before the first token belong to the statement's tokens (for directives), but not to
    // its text; trailing comments after the last token are dropped from the text too.
    String text = source.substring(first.start(), last.end());
    return new SqlStatement(text, first.line(), first.column(), first.start(), List.copyOf(tokens));
  }
}
