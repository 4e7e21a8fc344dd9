package io.github.pgkeeper.core.sql;

import java.util.Optional;

/**
 * A statement that commits part of its work before it ends, so a failure or a kill part-way leaves
 * something behind that running it again does not clean up:
 *
 * <ul>
 *   <li>{@code CREATE INDEX CONCURRENTLY} leaves an invalid index, which {@code IF NOT EXISTS} then
 *       skips, and which makes the statement without it fail with "already exists";
 *   <li>{@code REINDEX ... CONCURRENTLY} leaves invalid {@code *_ccnew} and {@code *_ccold}
 *       indexes, which a later {@code REINDEX TABLE ... CONCURRENTLY} skips with a warning;
 *   <li>{@code ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY} leaves the partition "detach
 *       pending", and running it again fails until a {@code DETACH PARTITION ... FINALIZE}.
 * </ul>
 *
 * Names are kept as written, quotes included, for the server to resolve with its own rules (case
 * folding, search_path).
 */
public sealed interface ConcurrentDdl {

  /**
   * {@code CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] [index] ON [ONLY] table ...}.
   *
   * @param index the index name as written (never schema-qualified: an index lives in its table's
   *     schema), or empty when the server picks the name
   * @param table the table as written, possibly schema-qualified
   */
  record CreateIndex(Optional<String> index, String table) implements ConcurrentDdl {}

  /**
   * {@code REINDEX ... {INDEX | TABLE | SCHEMA | DATABASE} CONCURRENTLY [name]}.
   *
   * @param target the index, table or schema as written; empty for the current database
   */
  record Reindex(ReindexScope scope, Optional<String> target) implements ConcurrentDdl {}

  /** {@code ALTER TABLE [IF EXISTS] [ONLY] table DETACH PARTITION partition CONCURRENTLY}. */
  record DetachPartition(String table, String partition) implements ConcurrentDdl {}

  /** What a {@code REINDEX} covers. */
  enum ReindexScope {
    INDEX,
    TABLE,
    SCHEMA,
    DATABASE
  }

  /** What {@code statement} is, if it is one of the statements above; empty otherwise. */
  static Optional<ConcurrentDdl> of(SqlStatement statement) {
    StatementWords words = new StatementWords(statement);
    return switch (words.upper(0)) {
      case "CREATE" -> createIndex(words);
      case "REINDEX" -> reindex(words);
      case "ALTER" -> detachPartition(words);
      default -> Optional.empty();
    };
  }

  private static Optional<ConcurrentDdl> createIndex(StatementWords words) {
    int at = words.is(1, "UNIQUE") ? 2 : 1;
    if (!words.is(at, "INDEX") || !words.is(at + 1, "CONCURRENTLY")) {
      return Optional.empty();
    }
    at += 2;
    if (words.is(at, "IF") && words.is(at + 1, "NOT") && words.is(at + 2, "EXISTS")) {
      at += 3;
    }
    Optional<String> index = Optional.empty();
    if (!words.is(at, "ON")) {
      int end = words.nameEnd(at);
      if (end != at + 1) {
        return Optional.empty();
      }
      index = Optional.of(words.text(at, end));
      at = end;
    }
    if (!words.is(at, "ON")) {
      return Optional.empty();
    }
    at = words.is(at + 1, "ONLY") ? at + 2 : at + 1;
    int end = words.nameEnd(at);
    return end < 0 ? Optional.empty() : Optional.of(new CreateIndex(index, words.text(at, end)));
  }

  private static Optional<ConcurrentDdl> reindex(StatementWords words) {
    int at = 1;
    boolean concurrently = false;
    if (words.type(at) == TokenType.OPEN_PAREN) {
      int close = words.closing(at);
      if (close < 0) {
        return Optional.empty();
      }
      for (int i = at + 1; i < close; i++) {
        // CONCURRENTLY [boolean]: "CONCURRENTLY false" turns it off.
        if (words.is(i, "CONCURRENTLY")) {
          concurrently = !(words.is(i + 1, "FALSE") || words.is(i + 1, "OFF"));
        }
      }
      at = close + 1;
    }
    ReindexScope scope;
    try {
      scope = ReindexScope.valueOf(words.upper(at));
    } catch (IllegalArgumentException notAScope) {
      return Optional.empty();
    }
    at++;
    if (words.is(at, "CONCURRENTLY")) {
      concurrently = true;
      at++;
    }
    if (!concurrently) {
      return Optional.empty();
    }
    if (at >= words.size()) {
      return scope == ReindexScope.DATABASE
          ? Optional.of(new Reindex(scope, Optional.empty()))
          : Optional.empty();
    }
    int end = words.nameEnd(at);
    if (end < 0) {
      return Optional.empty();
    }
    // REINDEX DATABASE names the current database, the only one it can reindex.
    return Optional.of(
        new Reindex(
            scope,
            scope == ReindexScope.DATABASE ? Optional.empty() : Optional.of(words.text(at, end))));
  }

  private static Optional<ConcurrentDdl> detachPartition(StatementWords words) {
    if (!words.is(1, "TABLE")) {
      return Optional.empty();
    }
    int at = 2;
    if (words.is(at, "IF") && words.is(at + 1, "EXISTS")) {
      at += 2;
    }
    if (words.is(at, "ONLY")) {
      at++;
    }
    int tableEnd = words.nameEnd(at);
    if (tableEnd < 0 || !words.is(tableEnd, "DETACH") || !words.is(tableEnd + 1, "PARTITION")) {
      return Optional.empty();
    }
    int partitionEnd = words.nameEnd(tableEnd + 2);
    if (partitionEnd < 0 || !words.is(partitionEnd, "CONCURRENTLY")) {
      return Optional.empty();
    }
    return Optional.of(
        new DetachPartition(words.text(at, tableEnd), words.text(tableEnd + 2, partitionEnd)));
  }
}
