package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.sql.Directive;
import io.github.pgkeeper.core.sql.NonTransactional;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.TransactionBlocks;
import io.github.pgkeeper.core.sql.TransactionBlocks.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A migration file made ready to run: its up statements, its down statements if it has a {@code --
 * migrate:down} section, and whether it can run in one transaction.
 *
 * <p>A migration runs without a transaction, statement by statement, when it holds a statement
 * PostgreSQL refuses inside a transaction block (see {@link NonTransactional}) or when the file
 * says {@code -- db:transaction off}.
 *
 * <p>A file that controls its own transactions ({@code BEGIN; ... COMMIT;} blocks in the middle, a
 * {@code COMMIT} with statements after it) runs as the {@link #segments()} {@link
 * TransactionBlocks} splits it into, each committed with its progress in the history row. A file
 * that is exactly one {@code BEGIN ... COMMIT} pair around everything runs in one transaction.
 *
 * @param up the statements to run; for a segmented file, all of them, BEGIN and COMMIT included
 * @param nonTransactionalReason why the migration runs without a transaction; empty if it does not
 * @param segments the transactions of a file that controls its own; empty for any other file
 */
public record MigrationScript(
    MigrationFile file,
    List<SqlStatement> up,
    Optional<SqlScript> down,
    Optional<String> nonTransactionalReason,
    List<Segment> segments) {

  public static final String TRANSACTION_DIRECTIVE = "db:transaction";
  public static final String DOWN_DIRECTIVE = "migrate:down";

  /**
   * @throws MigrationScriptException for a lexical error, or transaction control that no run can
   *     honour (a ROLLBACK of the file's own work, a block never committed)
   */
  public static MigrationScript of(MigrationFile file, int serverMajorVersion) {
    return of(file, serverMajorVersion, false, null);
  }

  /**
   * @param vectorStandIn the server's pgvector is pgkeeper's stand-in: index tuning options it
   *     cannot take are left out ({@link VectorIndexOptions}), each said to {@code log}
   */
  public static MigrationScript of(
      MigrationFile file, int serverMajorVersion, boolean vectorStandIn, Logger log) {
    SqlScript script =
        vectorStandIn ? withoutVectorIndexOptions(file, file.parse(), log) : file.parse();
    Optional<Directive> downMarker = script.directive(DOWN_DIRECTIVE);
    SqlScript up = upSection(script);
    Optional<SqlScript> down = downMarker.map(d -> script.section(d.offset(), Integer.MAX_VALUE));
    Optional<SqlScript> companion = file.parseDown();
    if (companion.isPresent()) {
      if (down.isPresent()) {
        throw new MigrationScriptException(
            file,
            downMarker.get().line(),
            1,
            "has a -- migrate:down section and a "
                + file.down().orElseThrow().displayPath()
                + " file; keep one of them");
      }
      down = companion;
    }

    Optional<String> reason = nonTransactionalReason(file, script, up, serverMajorVersion);
    if (ownsTransactions(up, reason)) {
      List<Segment> segments = segments(file, up.statements(), reason);
      refuseInBlocks(file, segments, serverMajorVersion);
      // A file of nothing but stray COMMITs has nothing to run.
      return new MigrationScript(
          file, segments.isEmpty() ? List.of() : up.statements(), down, reason, segments);
    }
    List<SqlStatement> statements = reason.isPresent() ? up.statements() : up.body();
    return new MigrationScript(file, statements, down, reason, List.of());
  }

  private static SqlScript withoutVectorIndexOptions(
      MigrationFile file, SqlScript script, Logger log) {
    List<SqlStatement> statements = new ArrayList<>();
    boolean changed = false;
    for (SqlStatement statement : script.statements()) {
      VectorIndexOptions.Adjusted adjusted = VectorIndexOptions.adjust(statement);
      if (adjusted.leftOut() != null) {
        changed = true;
        log.info(
            file.displayPath()
                + ":"
                + statement.line()
                + ": "
                + adjusted.leftOut()
                + " left out on the embedded server: its pgvector stand-in builds no real index"
                + " to tune (every search is exact). A real server runs the file as written.");
      }
      statements.add(adjusted.statement());
    }
    return changed ? script.withStatements(statements) : script;
  }

  /**
   * Whether the up part runs as segments: it holds transaction control other than one plain {@code
   * BEGIN ... COMMIT} pair around a file that runs in one transaction anyway. A pair whose BEGIN
   * sets modes ({@code BEGIN ISOLATION LEVEL SERIALIZABLE}) runs as its one segment, so that its
   * BEGIN is the one that opens the transaction; that is still one transaction with the history
   * row.
   */
  public static boolean ownsTransactions(SqlScript up, Optional<String> nonTransactionalReason) {
    return TransactionBlocks.controlsTransactions(up.statements())
        && !(up.wrappedInTransaction()
            && nonTransactionalReason.isEmpty()
            && !TransactionBlocks.setsModes(up.statements().get(0)));
  }

  /**
   * The segments of a file that controls its own transactions: statements outside its blocks commit
   * one by one when the file runs without a transaction, else in one transaction per run.
   *
   * @throws MigrationScriptException naming the file and line of transaction control no run can
   *     honour
   */
  private static List<Segment> segments(
      MigrationFile file, List<SqlStatement> statements, Optional<String> nonTransactionalReason) {
    try {
      return TransactionBlocks.split(statements, nonTransactionalReason.isPresent());
    } catch (TransactionBlocks.UnsupportedControl e) {
      throw new MigrationScriptException(
          file, e.statement().line(), e.statement().column(), e.getMessage() + ".");
    }
  }

  /**
   * Refuses, before anything runs, a statement PostgreSQL refuses in a transaction block (CREATE
   * INDEX CONCURRENTLY) inside one of the file's blocks. (db:validate reports it as a rule of its
   * own.)
   */
  private static void refuseInBlocks(MigrationFile file, List<Segment> segments, int serverMajor) {
    for (Segment segment : segments) {
      if (segment.kind() != TransactionBlocks.Kind.BLOCK) {
        continue;
      }
      for (SqlStatement statement : segment.body()) {
        Optional<String> outside = NonTransactional.reason(statement, serverMajor);
        if (outside.isPresent()) {
          throw new MigrationScriptException(
              file,
              statement.line(),
              statement.column(),
              outside.get()
                  + " cannot run inside the transaction block opened at line "
                  + segment.firstLine()
                  + ": PostgreSQL refuses it in a transaction. Move it out of the block, after"
                  + " its COMMIT, or remove the BEGIN and COMMIT around it.");
        }
      }
    }
  }

  /**
   * The segments a file that controls its own transactions runs as, for db:status; empty for any
   * other file, and for one that no longer parses. ALTER TYPE ... ADD VALUE runs in a transaction
   * on every server this matters for (PostgreSQL 12+).
   */
  static List<Segment> segmentsForStatus(MigrationFile file) {
    try {
      return of(file, Integer.MAX_VALUE).segments();
    } catch (RuntimeException unreadable) {
      return List.of();
    }
  }

  /** Whether this file controls its own transactions and runs as {@link #segments()}. */
  public boolean segmented() {
    return !segments.isEmpty();
  }

  /** The up part of a parsed migration: everything before a {@code -- migrate:down} line. */
  public static SqlScript upSection(SqlScript script) {
    return script.directive(DOWN_DIRECTIVE).map(d -> script.section(0, d.offset())).orElse(script);
  }

  /**
   * Why the up part of {@code script} must run without a transaction: {@code -- db:transaction
   * off}, or the first statement PostgreSQL refuses inside one; empty if it runs in one.
   *
   * @throws MigrationScriptException for a {@code -- db:transaction} value other than on or off
   */
  public static Optional<String> nonTransactionalReason(
      MigrationFile file, SqlScript script, SqlScript up, int serverMajorVersion) {
    Optional<Directive> directive = script.directive(TRANSACTION_DIRECTIVE);
    if (directive.isPresent()) {
      String value = directive.get().argument();
      if (value.equalsIgnoreCase("off")) {
        return Optional.of("-- db:transaction off");
      } else if (!value.equalsIgnoreCase("on")) {
        throw new MigrationScriptException(
            file,
            directive.get().line(),
            1,
            "-- db:transaction takes on or off, not '" + value + "'");
      }
    }
    return up.statements().stream()
        .map(s -> NonTransactional.reason(s, serverMajorVersion))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * Why the migration does not run in one transaction, for messages: such as "CREATE INDEX
   * CONCURRENTLY", or "it commits its own BEGIN/COMMIT blocks (line 3)"; empty if it does.
   */
  public Optional<String> notOneTransactionReason() {
    if (segmented()) {
      SqlStatement boundary = TransactionBlocks.firstBoundary(up, segments);
      return Optional.of(
          "it commits its own BEGIN/COMMIT blocks, "
              + segments.size()
              + " transactions from line "
              + boundary.line());
    }
    return nonTransactionalReason;
  }

  /** Whether the whole migration runs in one transaction with its history row. */
  public boolean transactional() {
    return nonTransactionalReason.isEmpty() && segments.isEmpty();
  }
}
