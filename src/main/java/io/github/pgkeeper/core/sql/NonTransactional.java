package io.github.pgkeeper.core.sql;

import java.util.List;
import java.util.Optional;

/**
 * Statements PostgreSQL refuses to run inside a transaction block ("cannot run inside a transaction
 * block"), so a migration holding one must run statement by statement in autocommit.
 */
public final class NonTransactional {
  private NonTransactional() {}

  /**
   * Why {@code statement} cannot run in a transaction on a server of {@code serverMajorVersion},
   * such as "CREATE INDEX CONCURRENTLY"; empty if it can.
   */
  public static Optional<String> reason(SqlStatement statement, int serverMajorVersion) {
    List<String> words = statement.leadingWords(6);
    if (words.isEmpty()) {
      return Optional.empty();
    }
    String first = words.get(0);
    String second = words.size() > 1 ? words.get(1) : "";
    return switch (first) {
      case "VACUUM" -> Optional.of("VACUUM");
      case "CREATE", "DROP" -> {
        if (second.equals("DATABASE") || second.equals("TABLESPACE")) {
          yield Optional.of(first + " " + second);
        }
        // CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY
        int index = words.indexOf("INDEX");
        yield index >= 1
                && index <= 2
                && words.size() > index + 1
                && words.get(index + 1).equals("CONCURRENTLY")
            ? Optional.of(first + " INDEX CONCURRENTLY")
            : Optional.empty();
      }
      case "REINDEX" ->
          containsWord(statement, "CONCURRENTLY")
              ? Optional.of("REINDEX ... CONCURRENTLY")
              : Optional.empty();
      case "ALTER" -> alter(statement, words, second, serverMajorVersion);
      default -> Optional.empty();
    };
  }

  private static Optional<String> alter(
      SqlStatement statement, List<String> words, String second, int serverMajorVersion) {
    if (second.equals("SYSTEM")) {
      return Optional.of("ALTER SYSTEM");
    }
    if (second.equals("TYPE")
        && serverMajorVersion < 12
        && containsWords(statement, "ADD", "VALUE")) {
      return Optional.of("ALTER TYPE ... ADD VALUE (before PostgreSQL 12)");
    }
    if (second.equals("TABLE")
        && containsWords(statement, "DETACH", "PARTITION")
        && containsWord(statement, "CONCURRENTLY")) {
      return Optional.of("ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY");
    }
    return Optional.empty();
  }

  private static boolean containsWord(SqlStatement statement, String word) {
    return statement.words().contains(word);
  }

  /** True if {@code first} is directly followed by {@code second} somewhere in the statement. */
  private static boolean containsWords(SqlStatement statement, String first, String second) {
    List<String> words = statement.words();
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).equals(first) && words.get(i + 1).equals(second)) {
        return true;
      }
    }
    return false;
  }
}
