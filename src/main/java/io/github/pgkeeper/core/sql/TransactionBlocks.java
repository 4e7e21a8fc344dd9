package io.github.pgkeeper.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script that controls its own transactions ({@code BEGIN; ... COMMIT;} blocks in the
 * middle, several blocks, a {@code COMMIT} with statements after it, {@code begin; ... end;}) into
 * the transactions that psql and the Supabase CLI commit one after the other: each explicit block
 * is one {@link Kind#BLOCK}, exactly as written; the statements between blocks form a {@link
 * Kind#RUN} each (one transaction per run), or, when the file runs without a transaction, one
 * {@link Kind#ALONE} segment per statement. A {@code COMMIT} outside a block ends the run before
 * it, as it commits the Supabase CLI's implicit transaction there.
 *
 * <p>Only statements the splitter sees at the top level count: a {@code BEGIN ... END} inside a
 * function body, a {@code DO} block or a {@code CASE} is part of its statement, never a block.
 */
public final class TransactionBlocks {
  private TransactionBlocks() {}

  /** How a segment runs. */
  public enum Kind {
    /** An explicit {@code BEGIN ... COMMIT} block of the file: one transaction, as written. */
    BLOCK,
    /** Statements between blocks, run in one transaction of their own. */
    RUN,
    /**
     * One statement outside a block, committed on its own (the file runs without a transaction).
     */
    ALONE
  }

  /**
   * One transaction of the file (or one statement committed on its own).
   *
   * @param start the index of the first statement of the script this segment covers
   * @param end the index after its last statement; a run stopped at segment {@code k} has applied
   *     exactly the statements before {@code segments.get(k).start()}
   * @param opening the file's {@code BEGIN} that opens a block; null for a run, for a statement on
   *     its own, and for a block a {@code COMMIT AND CHAIN} opened
   * @param closing the file's {@code COMMIT} or {@code END} that closes a block; null otherwise
   * @param body the statements to run between the two
   */
  public record Segment(
      Kind kind,
      int start,
      int end,
      SqlStatement opening,
      SqlStatement closing,
      List<SqlStatement> body) {

    /** A block opened by the previous block's {@code COMMIT AND CHAIN}. */
    public boolean chained() {
      return kind == Kind.BLOCK && opening == null;
    }

    /** The line of its first statement. */
    public int firstLine() {
      if (opening != null) {
        return opening.line();
      }
      return body.isEmpty() ? closing.line() : body.get(0).line();
    }

    /** The line of its last statement. */
    public int lastLine() {
      SqlStatement last = closing != null ? closing : body.get(body.size() - 1);
      return last.line();
    }

    Segment withEnd(int newEnd) {
      return new Segment(kind, start, newEnd, opening, closing, body);
    }
  }

  /** Transaction control the segments cannot honour, such as a ROLLBACK of the file's own work. */
  public static final class UnsupportedControl extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SqlStatement statement;

    UnsupportedControl(SqlStatement statement, String message) {
      super(message);
      this.statement = statement;
    }

    public SqlStatement statement() {
      return statement;
    }
  }

  /**
   * Whether {@code statements} hold any statement that starts, ends or aborts a transaction;
   * savepoints do not count.
   */
  public static boolean controlsTransactions(List<SqlStatement> statements) {
    return statements.stream().anyMatch(SqlScript::isTransactionControl);
  }

  /**
   * The segments of {@code statements}, in order; their ranges are contiguous and cover every
   * statement.
   *
   * @param eachStatementAlone whether statements outside blocks commit one by one (the file runs
   *     without a transaction) rather than in one transaction per run
   * @throws UnsupportedControl for a ROLLBACK, ABORT or PREPARE TRANSACTION, a BEGIN inside an open
   *     block, a block never committed, or COMMIT AND CHAIN outside a block
   */
  public static List<Segment> split(List<SqlStatement> statements, boolean eachStatementAlone) {
    List<Segment> segments = new ArrayList<>();
    List<SqlStatement> run = new ArrayList<>();
    List<SqlStatement> body = new ArrayList<>();
    int boundary = 0;
    boolean inBlock = false;
    SqlStatement opening = null;
    SqlStatement openedBy = null;
    for (int i = 0; i < statements.size(); i++) {
      SqlStatement statement = statements.get(i);
      if (SqlScript.isTransactionStart(statement)) {
        if (inBlock) {
          throw new UnsupportedControl(
              statement,
              words(statement)
                  + " inside the transaction block opened at line "
                  + openedBy.line()
                  + ": PostgreSQL only warns and goes on in the open block, so the block would"
                  + " not end where this file means it to. Remove it, or COMMIT the block"
                  + " before it");
        }
        if (!run.isEmpty()) {
          segments.add(new Segment(Kind.RUN, boundary, i, null, null, List.copyOf(run)));
          boundary = i;
          run.clear();
        }
        inBlock = true;
        opening = statement;
        openedBy = statement;
        body = new ArrayList<>();
      } else if (SqlScript.isTransactionEnd(statement)) {
        boolean chain = isChain(statement);
        if (inBlock) {
          segments.add(
              new Segment(Kind.BLOCK, boundary, i + 1, opening, statement, List.copyOf(body)));
          boundary = i + 1;
          body = new ArrayList<>();
          inBlock = chain;
          opening = null;
          openedBy = statement;
        } else if (chain) {
          throw new UnsupportedControl(
              statement,
              words(statement)
                  + " outside a transaction block: PostgreSQL refuses it there. Remove AND"
                  + " CHAIN, or open the block with BEGIN");
        } else if (!run.isEmpty()) {
          // The Supabase CLI commits its implicit transaction here; psql only warns.
          segments.add(new Segment(Kind.RUN, boundary, i + 1, null, null, List.copyOf(run)));
          boundary = i + 1;
          run.clear();
        }
      } else if (SqlScript.isTransactionControl(statement)) {
        throw new UnsupportedControl(statement, abortMessage(statement));
      } else if (inBlock) {
        body.add(statement);
      } else if (eachStatementAlone) {
        segments.add(new Segment(Kind.ALONE, boundary, i + 1, null, null, List.of(statement)));
        boundary = i + 1;
      } else {
        run.add(statement);
      }
    }
    if (inBlock) {
      throw new UnsupportedControl(
          openedBy,
          words(openedBy)
              + " opens a transaction that the file never commits: psql and the Supabase CLI"
              + " roll it back when the session ends, so none of its work would stay. Add COMMIT;"
              + " where the block ends");
    }
    if (!run.isEmpty()) {
      segments.add(
          new Segment(Kind.RUN, boundary, statements.size(), null, null, List.copyOf(run)));
    }
    if (!segments.isEmpty()) {
      // A COMMIT after the last segment belongs to it: progress then reaches the whole file.
      int last = segments.size() - 1;
      segments.set(last, segments.get(last).withEnd(statements.size()));
    }
    return List.copyOf(segments);
  }

  /**
   * The statement where a file of several segments stops being atomic: the COMMIT that ends the
   * first segment, or the BEGIN that starts the second one after statements outside a block. (For a
   * single segment, its first BEGIN or COMMIT.)
   */
  public static SqlStatement firstBoundary(List<SqlStatement> statements, List<Segment> segments) {
    Segment first = segments.get(0);
    if (first.closing() != null) {
      return first.closing();
    }
    SqlStatement last = statements.get(first.end() - 1);
    if (SqlScript.isTransactionEnd(last)) {
      return last;
    }
    if (segments.size() == 1) {
      // One segment: the first transaction control statement is what makes it one.
      return statements.stream()
          .filter(SqlScript::isTransactionControl)
          .findFirst()
          .orElse(statements.get(0));
    }
    Segment second = segments.get(1);
    return second.opening() != null ? second.opening() : statements.get(second.start());
  }

  /**
   * Whether a {@code BEGIN} or {@code START TRANSACTION} sets transaction modes, such as {@code
   * BEGIN ISOLATION LEVEL SERIALIZABLE} or {@code START TRANSACTION READ ONLY}.
   */
  public static boolean setsModes(SqlStatement begin) {
    List<String> words = begin.leadingWords(3);
    int modes =
        words.get(0).equals("START")
                || (words.size() > 1
                    && (words.get(1).equals("WORK") || words.get(1).equals("TRANSACTION")))
            ? 2
            : 1;
    return words.size() > modes;
  }

  /** {@code COMMIT AND CHAIN}: commits and opens the next transaction at once. */
  public static boolean isChain(SqlStatement statement) {
    List<String> words = statement.leadingWords(5);
    int and = words.indexOf("AND");
    return and > 0 && and + 1 < words.size() && words.get(and + 1).equals("CHAIN");
  }

  private static String abortMessage(SqlStatement statement) {
    if (statement.startsWith("PREPARE")) {
      return "PREPARE TRANSACTION hands the transaction to a later COMMIT PREPARED, which a"
          + " migration cannot wait for. Remove it";
    }
    return words(statement)
        + " undoes the file's own work, so the migration would have no state worth recording."
        + " Remove it; to undo part of a block, use SAVEPOINT and ROLLBACK TO SAVEPOINT";
  }

  private static String words(SqlStatement statement) {
    return String.join(" ", statement.leadingWords(3));
  }
}
