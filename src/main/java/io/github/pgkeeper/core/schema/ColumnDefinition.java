package io.github.pgkeeper.core.schema;

import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.util.List;
import java.util.Objects;

/**
 * A column's definition as a table's {@link Part} holds it ({@code numeric(10,2) COLLATE "C" NOT
 * NULL}), taken apart into what ALTER TABLE changes one by one: the type with its collation, NOT
 * NULL, an identity, a generation expression.
 *
 * @param type the type, such as {@code numeric(10,2)}
 * @param collation the {@code COLLATE} clause, or null
 * @param notNull whether it says {@code NOT NULL}
 * @param identity {@code GENERATED … AS IDENTITY …}, or null
 * @param generated {@code GENERATED ALWAYS AS (…) STORED}, or null
 */
record ColumnDefinition(
    String type, String collation, boolean notNull, String identity, String generated) {

  static ColumnDefinition parse(String definition) {
    List<Token> tokens = SqlLexer.tokenize(definition);
    String type = null;
    String collation = null;
    boolean notNull = false;
    String identity = null;
    String generated = null;
    int depth = 0;
    int clauseStart = 0;
    String clause = "TYPE";
    for (int i = 0; i <= tokens.size(); i++) {
      Token token = i < tokens.size() ? tokens.get(i) : null;
      String starts = token == null ? "END" : clauseWord(definition, tokens, i, depth);
      if (token != null && token.type() == TokenType.OPEN_PAREN) {
        depth++;
      } else if (token != null && token.type() == TokenType.CLOSE_PAREN) {
        depth--;
      }
      if (starts == null) {
        continue;
      }
      String text =
          definition.substring(clauseStart, token == null ? definition.length() : token.start());
      text = text.strip();
      switch (clause) {
        case "TYPE" -> type = text;
        case "COLLATE" -> collation = text;
        case "NOT" -> notNull = true;
        case "GENERATED" -> {
          if (text.toUpperCase(java.util.Locale.ROOT).contains("IDENTITY")) {
            identity = text;
          } else {
            generated = text;
          }
        }
        default -> {}
      }
      clause = starts;
      clauseStart = token == null ? definition.length() : token.start();
    }
    return new ColumnDefinition(type, collation, notNull, identity, generated);
  }

  /** The clause {@code tokens[i]} starts at the top level, or null. */
  private static String clauseWord(String sql, List<Token> tokens, int i, int depth) {
    if (depth != 0) {
      return null;
    }
    Token token = tokens.get(i);
    if (token.isWord(sql, "COLLATE")) {
      return "COLLATE";
    }
    if (token.isWord(sql, "GENERATED")) {
      return "GENERATED";
    }
    if (token.isWord(sql, "NOT")
        && i + 1 < tokens.size()
        && tokens.get(i + 1).isWord(sql, "NULL")) {
      return "NOT";
    }
    if (token.isWord(sql, "DEFAULT")
        || token.isWord(sql, "NULL") && !previousIsNot(sql, tokens, i)) {
      return "OTHER";
    }
    return null;
  }

  private static boolean previousIsNot(String sql, List<Token> tokens, int i) {
    return i > 0 && tokens.get(i - 1).isWord(sql, "NOT");
  }

  /** The type with its collation: what ALTER COLUMN … TYPE sets. */
  String typeWithCollation() {
    return collation == null ? type : type + " " + collation;
  }

  boolean sameType(ColumnDefinition other) {
    return type.equals(other.type) && Objects.equals(collation, other.collation);
  }
}
