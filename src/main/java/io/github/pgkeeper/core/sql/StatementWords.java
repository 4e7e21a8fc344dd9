package io.github.pgkeeper.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The statement's tokens without comments, with their text. */
final class StatementWords {
  private final SqlStatement statement;
  private final List<Token> tokens = new ArrayList<>();

  StatementWords(SqlStatement statement) {
    this.statement = statement;
    for (Token token : statement.tokens()) {
      if (!token.type().isComment() && token.start() >= statement.offset()) {
        tokens.add(token);
      }
    }
  }

  int size() {
    return tokens.size();
  }

  TokenType type(int i) {
    return i < tokens.size() ? tokens.get(i).type() : null;
  }

  String upper(int i) {
    return type(i) == TokenType.WORD ? text(i, i + 1).toUpperCase(Locale.ROOT) : "";
  }

  boolean is(int i, String keyword) {
    return upper(i).equals(keyword);
  }

  /** The source text from token {@code from} up to, not including, token {@code to}. */
  String text(int from, int to) {
    int offset = statement.offset();
    return statement
        .text()
        .substring(tokens.get(from).start() - offset, tokens.get(to - 1).end() - offset);
  }

  /**
   * The end of a possibly qualified name starting at {@code i}: {@code a}, {@code s.a}, {@code
   * "S"."A"}; -1 if none starts there. A {@code U&"..."} identifier is not taken: what it names
   * depends on escapes the server reads, not on this text alone.
   */
  int nameEnd(int i) {
    if (!identifier(i)) {
      return -1;
    }
    int end = i + 1;
    while (type(end) == TokenType.SYMBOL && text(end, end + 1).equals(".") && identifier(end + 1)) {
      end += 2;
    }
    return end;
  }

  private boolean identifier(int i) {
    TokenType type = type(i);
    return type == TokenType.WORD
        || (type == TokenType.QUOTED_IDENTIFIER && text(i, i + 1).startsWith("\""));
  }

  /** The closing parenthesis matching the one at {@code open}; -1 if there is none. */
  int closing(int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (type(i) == TokenType.OPEN_PAREN) {
        depth++;
      } else if (type(i) == TokenType.CLOSE_PAREN && --depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
