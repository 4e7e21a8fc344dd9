package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one statement that matter to the rules (comments left out), with their parenthesis
 * depth, and small look-ups over them. Strings, quoted identifiers and dollar-quoted bodies stay
 * single tokens, so a key word inside them never matches. All look-ups compare in place, without
 * copying text, so checking a statement costs time linear in its length.
 */
final class Words {
  private final String source;
  private final List<Token> tokens;
  private final int[] depth;
  private final int lineOffset;
  private final int columnOffset;

  Words(String source, List<Token> statementTokens) {
    this(source, statementTokens, 0, 0);
  }

  /**
   * For tokens of a text embedded in a file (the body of a DO block): {@code lineOffset} lines and,
   * on the text's first line, {@code columnOffset} columns come before it.
   */
  Words(String source, List<Token> statementTokens, int lineOffset, int columnOffset) {
    this.source = source;
    this.lineOffset = lineOffset;
    this.columnOffset = columnOffset;
    this.tokens = new ArrayList<>(statementTokens.size());
    for (Token token : statementTokens) {
      if (!token.type().isComment()) {
        tokens.add(token);
      }
    }
    this.depth = new int[tokens.size()];
    int level = 0;
    for (int i = 0; i < tokens.size(); i++) {
      TokenType type = tokens.get(i).type();
      if (type == TokenType.CLOSE_PAREN) {
        level = Math.max(0, level - 1);
      }
      depth[i] = level;
      if (type == TokenType.OPEN_PAREN) {
        level++;
      }
    }
  }

  int size() {
    return tokens.size();
  }

  Token token(int i) {
    return tokens.get(Math.min(i, tokens.size() - 1));
  }

  /** The line of token {@code i} in the file. */
  int line(int i) {
    return token(i).line() + lineOffset;
  }

  /** The column of token {@code i} in the file. */
  int column(int i) {
    Token token = token(i);
    return token.line() == 1 ? token.column() + columnOffset : token.column();
  }

  String source() {
    return source;
  }

  /** Parenthesis depth of token {@code i}: 0 at the statement's top level. */
  int depth(int i) {
    return depth[i];
  }

  /** True if token {@code i} is the unquoted key word {@code keyword} (upper-case). */
  boolean is(int i, String keyword) {
    return i >= 0 && i < tokens.size() && tokens.get(i).isWord(source, keyword);
  }

  /** True if the tokens from {@code i} on are the key words {@code keywords}. */
  boolean are(int i, String... keywords) {
    for (int k = 0; k < keywords.length; k++) {
      if (!is(i + k, keywords[k])) {
        return false;
      }
    }
    return true;
  }

  /** The upper-cased word at {@code i}, or "" if it is not an unquoted word. */
  String upper(int i) {
    if (i < 0 || i >= tokens.size() || tokens.get(i).type() != TokenType.WORD) {
      return "";
    }
    return tokens.get(i).text(source).toUpperCase(Locale.ROOT);
  }

  boolean isSymbol(int i, char symbol) {
    if (i < 0 || i >= tokens.size()) {
      return false;
    }
    Token token = tokens.get(i);
    return token.type() == TokenType.SYMBOL
        && token.end() - token.start() == 1
        && source.charAt(token.start()) == symbol;
  }

  TokenType type(int i) {
    return i >= 0 && i < tokens.size() ? tokens.get(i).type() : null;
  }

  /**
   * The first index from {@code from} (up to {@code to}, exclusive) at the same depth as {@code
   * from} where the key words {@code keywords} follow each other, or -1.
   */
  int find(int from, int to, String... keywords) {
    int level = from < tokens.size() ? depth[from] : 0;
    for (int i = from; i < to && i < tokens.size(); i++) {
      if (depth[i] == level && are(i, keywords)) {
        return i;
      }
    }
    return -1;
  }

  /** True if the key words follow each other anywhere in the statement, at any depth. */
  boolean containsAnywhere(String... keywords) {
    for (int i = 0; i < tokens.size(); i++) {
      if (are(i, keywords)) {
        return true;
      }
    }
    return false;
  }

  /** {@code IF NOT EXISTS} at {@code i}. */
  boolean ifNotExists(int i) {
    return are(i, "IF", "NOT", "EXISTS");
  }

  /** {@code IF EXISTS} at {@code i}. */
  boolean ifExists(int i) {
    return are(i, "IF", "EXISTS");
  }

  /**
   * The possibly schema-qualified name starting at {@code i}, or null if no name starts there.
   * Unquoted parts are folded to lower case, as PostgreSQL does.
   */
  Name name(int i) {
    if (!isNamePart(i)) {
      return null;
    }
    List<String> parts = new ArrayList<>(2);
    parts.add(part(i));
    int next = i + 1;
    while (isSymbol(next, '.') && isNamePart(next + 1)) {
      parts.add(part(next + 1));
      next += 2;
    }
    String object = parts.get(parts.size() - 1);
    String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
    return new Name(schema, object, next);
  }

  /**
   * Top-level comma-separated parts from {@code from} on, as [start, end) index pairs: the actions
   * of an ALTER TABLE, the names of a DROP.
   */
  List<int[]> commaSeparated(int from) {
    List<int[]> parts = new ArrayList<>();
    int start = from;
    int level = from < tokens.size() ? depth[from] : 0;
    for (int i = from; i < tokens.size(); i++) {
      if (depth[i] == level && isSymbol(i, ',')) {
        parts.add(new int[] {start, i});
        start = i + 1;
      }
    }
    if (start < tokens.size()) {
      parts.add(new int[] {start, tokens.size()});
    }
    return parts;
  }

  private boolean isNamePart(int i) {
    TokenType type = type(i);
    return type == TokenType.WORD || type == TokenType.QUOTED_IDENTIFIER;
  }

  private String part(int i) {
    Token token = tokens.get(i);
    String text = token.text(source);
    if (token.type() == TokenType.QUOTED_IDENTIFIER && text.startsWith("\"")) {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /**
   * A database object's name.
   *
   * @param schema its schema, or null when not qualified
   * @param next the index of the token after the name
   */
  record Name(String schema, String name, int next) {
    /** The name for matching: {@code public.} is dropped, since unqualified names resolve there. */
    String key() {
      return schema == null || schema.equals("public") ? name : schema + "." + name;
    }

    /** The schema it lands in, assuming the default search path for an unqualified name. */
    String schemaOrPublic() {
      return schema == null ? "public" : schema;
    }

    String display() {
      return schema == null ? name : schema + "." + name;
    }
  }
}
