package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code CREATE INDEX … USING hnsw/ivfflat (…) WITH (m = 16, lists = 100)} on the Supabase
 * flavour's pgvector stand-in. Its access methods borrow a built-in handler, and PostgreSQL accepts
 * only that handler's storage parameters, so pgvector's tuning options would fail the migration.
 * They tune an approximate index the stand-in never builds (every search is exact), so the runner
 * leaves the clause out there, and only there, saying so: the file itself, and what a real server
 * runs, stay as written.
 */
public final class VectorIndexOptions {
  private static final Set<String> METHODS = Set.of("hnsw", "ivfflat");

  private VectorIndexOptions() {}

  /** Whether the server's {@code vector} extension is pgkeeper's stand-in (db:start's flavour). */
  public static boolean standInOn(Connection connection) throws SQLException {
    try (Statement query = connection.createStatement();
        ResultSet row =
            query.executeQuery(
                "SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'vector'"
                    + " AND comment LIKE 'pgkeeper stand-in%'")) {
      return row.next();
    }
  }

  /** A statement with an index's {@code WITH (…)} clause blanked out, or the statement itself. */
  record Adjusted(SqlStatement statement, String leftOut) {}

  /**
   * Blanks the clause with spaces rather than cutting it: lines, columns and the server's error
   * positions stay those of the file.
   */
  static Adjusted adjust(SqlStatement statement) {
    if (!statement.startsWith("CREATE", "INDEX") && !statement.startsWith("CREATE", "UNIQUE")) {
      return new Adjusted(statement, null);
    }
    List<Token> tokens = new ArrayList<>();
    for (Token token : statement.tokens()) {
      if (!token.type().isComment() && token.start() >= statement.offset()) {
        tokens.add(token);
      }
    }
    String text = statement.text();
    int offset = statement.offset();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (!word(text, offset, tokens.get(i)).equals("using")
          || !METHODS.contains(word(text, offset, tokens.get(i + 1)))) {
        continue;
      }
      int afterColumns = closing(tokens, i + 2);
      if (afterColumns < 0
          || afterColumns + 2 >= tokens.size()
          || !word(text, offset, tokens.get(afterColumns + 1)).equals("with")
          || tokens.get(afterColumns + 2).type() != TokenType.OPEN_PAREN) {
        return new Adjusted(statement, null);
      }
      int end = closing(tokens, afterColumns + 2);
      if (end < 0) {
        return new Adjusted(statement, null);
      }
      int from = tokens.get(afterColumns + 1).start() - offset;
      int to = tokens.get(end).end() - offset;
      String clause = text.substring(from, to);
      String blanked =
          text.substring(0, from) + clause.replaceAll("[^\n]", " ") + text.substring(to);
      return new Adjusted(
          new SqlStatement(
              blanked, statement.line(), statement.column(), offset, statement.tokens()),
          clause.replaceAll("\\s+", " "));
    }
    return new Adjusted(statement, null);
  }

  /** The index of the parenthesis that closes the one at {@code open}, or -1. */
  private static int closing(List<Token> tokens, int open) {
    if (open >= tokens.size() || tokens.get(open).type() != TokenType.OPEN_PAREN) {
      return -1;
    }
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      TokenType type = tokens.get(i).type();
      if (type == TokenType.OPEN_PAREN) {
        depth++;
      } else if (type == TokenType.CLOSE_PAREN && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String word(String text, int offset, Token token) {
    String value = text.substring(token.start() - offset, token.end() - offset);
    if (token.type() == TokenType.QUOTED_IDENTIFIER && value.length() >= 2) {
      return value.substring(1, value.length() - 1);
    }
    return token.type() == TokenType.WORD ? value.toLowerCase(Locale.ROOT) : "";
  }
}
