package io.github.pgkeeper.core.schema;

import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and turns around the GRANT and REVOKE statements of grants and default privileges: {@code
 * GRANT SELECT ON TABLE public.t TO app} undone is {@code REVOKE SELECT ON TABLE public.t FROM
 * app}; {@code ALTER DEFAULT PRIVILEGES … GRANT …} keeps its prefix.
 */
final class Grants {
  private Grants() {}

  /** Where the words are in one statement: GRANT/REVOKE, TO/FROM, and the end of the grantees. */
  private record Shape(Token verb, Token toOrFrom, int granteesEnd, boolean grant) {}

  private static Shape shape(String statement) {
    List<Token> tokens = SqlLexer.tokenize(statement);
    Token verb = null;
    Token toOrFrom = null;
    int granteesEnd = statement.length();
    int depth = 0;
    for (Token token : tokens) {
      if (token.type() == TokenType.OPEN_PAREN) {
        depth++;
      } else if (token.type() == TokenType.CLOSE_PAREN) {
        depth--;
      }
      if (depth != 0 || token.type() != TokenType.WORD) {
        continue;
      }
      if (verb == null && (token.isWord(statement, "GRANT") || token.isWord(statement, "REVOKE"))) {
        verb = token;
      } else if (verb != null
          && toOrFrom == null
          && (token.isWord(statement, "TO") || token.isWord(statement, "FROM"))) {
        toOrFrom = token;
      } else if (toOrFrom != null
          && (token.isWord(statement, "WITH")
              || token.isWord(statement, "GRANTED")
              || token.isWord(statement, "CASCADE")
              || token.isWord(statement, "RESTRICT"))) {
        granteesEnd = Math.min(granteesEnd, token.start());
      }
    }
    if (verb == null || toOrFrom == null) {
      return null;
    }
    return new Shape(verb, toOrFrom, granteesEnd, verb.isWord(statement, "GRANT"));
  }

  /** The roles a GRANT or REVOKE names, as written ({@code PUBLIC}, {@code app}, {@code "Ops"}). */
  static List<String> grantees(String statement) {
    Shape shape = shape(statement);
    List<String> roles = new ArrayList<>();
    if (shape == null) {
      return roles;
    }
    for (String role : statement.substring(shape.toOrFrom.end(), shape.granteesEnd).split(",")) {
      String trimmed = role.strip();
      if (trimmed.toUpperCase(Locale.ROOT).startsWith("GROUP ")) {
        trimmed = trimmed.substring(6).strip();
      }
      if (!trimmed.isEmpty()) {
        roles.add(trimmed);
      }
    }
    return roles;
  }

  /** The statement that undoes this one, or null when it is no GRANT or REVOKE. */
  static String invert(String statement) {
    Shape shape = shape(statement);
    if (shape == null) {
      return null;
    }
    String prefix = statement.substring(0, shape.verb.start());
    String privileges = statement.substring(shape.verb.end(), shape.toOrFrom.start()).strip();
    String grantees = statement.substring(shape.toOrFrom.end(), shape.granteesEnd).strip();
    if (shape.grant) {
      return prefix + "REVOKE " + privileges + " FROM " + grantees + " CASCADE";
    }
    String upper = privileges.toUpperCase(Locale.ROOT);
    if (upper.startsWith("GRANT OPTION FOR ")) {
      return prefix
          + "GRANT "
          + privileges.substring("GRANT OPTION FOR ".length())
          + " TO "
          + grantees
          + " WITH GRANT OPTION";
    }
    return prefix + "GRANT " + privileges + " TO " + grantees;
  }
}
