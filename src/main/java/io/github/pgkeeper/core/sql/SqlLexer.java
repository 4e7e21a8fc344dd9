package io.github.pgkeeper.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens following PostgreSQL's lexical rules (chapter 4.1 of its manual), as
 * far as statement splitting and linting need: comments (nested block comments too), the string
 * forms {@code '...'}, {@code E'...'} with backslash escapes, {@code U&'...'}, {@code B'...'},
 * {@code X'...'}, {@code N'...'}, quoted identifiers, and dollar quotes with any tag. It assumes
 * {@code standard_conforming_strings = on}, the default since PostgreSQL 9.1.
 *
 * <p>Whitespace is not returned. The lexer is a single pass over the characters, so its cost is
 * linear in the size of the script.
 */
public final class SqlLexer {
  private final String source;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lineStart;

  private SqlLexer(String source) {
    this.source = source;
  }

  /**
   * The tokens of {@code source}.
   *
   * @throws SqlSyntaxException for a string, quoted identifier, comment or dollar quote that is
   *     never closed, naming the line and column where it starts
   */
  public static List<Token> tokenize(String source) {
    SqlLexer lexer = new SqlLexer(source);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    int length = source.length();
    while (pos < length) {
      char c = source.charAt(pos);
      if (c == '\n') {
        newLine(pos);
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && peek(1) == '-') {
        lineComment();
      } else if (c == '/' && peek(1) == '*') {
        blockComment();
      } else if (c == '\'') {
        quoted(pos, pos, '\'', false, TokenType.STRING, "quoted string");
      } else if (c == '"') {
        quoted(pos, pos, '"', false, TokenType.QUOTED_IDENTIFIER, "quoted identifier");
      } else if (c == '$') {
        dollar();
      } else if (isIdentifierStart(c)) {
        word();
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
      } else {
        TokenType type =
            switch (c) {
              case ';' -> TokenType.SEMICOLON;
              case '(' -> TokenType.OPEN_PAREN;
              case ')' -> TokenType.CLOSE_PAREN;
              default -> TokenType.SYMBOL;
            };
        add(type, pos, pos + 1, line, column(pos));
        pos++;
      }
    }
  }

  private void lineComment() {
    int start = pos;
    int end = source.indexOf('\n', pos);
    pos = end < 0 ? source.length() : end;
    add(TokenType.LINE_COMMENT, start, pos, line, column(start));
  }

  private void blockComment() {
    int start = pos;
    int startLine = line;
    int startColumn = column(start);
    int depth = 0;
    int length = source.length();
    while (pos < length) {
      char c = source.charAt(pos);
      if (c == '/' && peek(1) == '*') {
        depth++;
        pos += 2;
      } else if (c == '*' && peek(1) == '/') {
        depth--;
        pos += 2;
        if (depth == 0) {
          add(TokenType.BLOCK_COMMENT, start, pos, startLine, startColumn);
          return;
        }
      } else {
        if (c == '\n') {
          newLine(pos);
        }
        pos++;
      }
    }
    throw new SqlSyntaxException(
        "unterminated /* comment: close it with */", startLine, startColumn);
  }

  /**
   * A quoted string or identifier starting at {@code tokenStart} (which may be a prefix such as
   * {@code E}), whose opening quote is at {@code quoteAt}. A doubled quote stands for one; with
   * {@code backslashEscapes}, a backslash escapes the next character.
   */
  private void quoted(
      int tokenStart,
      int quoteAt,
      char quote,
      boolean backslashEscapes,
      TokenType type,
      String what) {
    int startLine = line;
    int startColumn = column(tokenStart);
    pos = quoteAt + 1;
    int length = source.length();
    while (pos < length) {
      char c = source.charAt(pos);
      if (c == quote) {
        if (peek(1) == quote) {
          pos += 2;
          continue;
        }
        pos++;
        add(type, tokenStart, pos, startLine, startColumn);
        return;
      }
      if (c == '\\' && backslashEscapes && pos + 1 < length) {
        if (source.charAt(pos + 1) == '\n') {
          newLine(pos + 1);
        }
        pos += 2;
        continue;
      }
      if (c == '\n') {
        newLine(pos);
      }
      pos++;
    }
    throw new SqlSyntaxException(
        "unterminated " + what + ": close it with " + quote, startLine, startColumn);
  }

  /** A dollar quote ({@code $tag$...$tag$}), a parameter ({@code $1}), or a lone dollar sign. */
  private void dollar() {
    int start = pos;
    if (isDigit(peek(1))) {
      pos++;
      while (pos < source.length() && isDigit(source.charAt(pos))) {
        pos++;
      }
      add(TokenType.PARAMETER, start, pos, line, column(start));
      return;
    }
    int tagEnd = pos + 1;
    if (tagEnd < source.length() && isIdentifierStart(source.charAt(tagEnd))) {
      tagEnd++;
      while (tagEnd < source.length() && isTagPart(source.charAt(tagEnd))) {
        tagEnd++;
      }
    }
    if (tagEnd >= source.length() || source.charAt(tagEnd) != '$') {
      add(TokenType.SYMBOL, start, start + 1, line, column(start));
      pos++;
      return;
    }
    String delimiter = source.substring(start, tagEnd + 1);
    int startLine = line;
    int startColumn = column(start);
    int close = source.indexOf(delimiter, tagEnd + 1);
    if (close < 0) {
      throw new SqlSyntaxException(
          "unterminated dollar-quoted string: close it with " + delimiter, startLine, startColumn);
    }
    int end = close + delimiter.length();
    for (int i = tagEnd + 1; i < close; i++) {
      if (source.charAt(i) == '\n') {
        newLine(i);
      }
    }
    pos = end;
    add(TokenType.DOLLAR_STRING, start, end, startLine, startColumn);
  }

  /** A key word or identifier, or one of the prefixes that start a special string constant. */
  private void word() {
    int start = pos;
    char c = source.charAt(pos);
    char next = peek(1);
    if (next == '\'') {
      switch (Character.toUpperCase(c)) {
        case 'E' -> {
          quoted(start, start + 1, '\'', true, TokenType.STRING, "quoted string");
          return;
        }
        case 'B', 'X', 'N' -> {
          quoted(start, start + 1, '\'', false, TokenType.STRING, "quoted string");
          return;
        }
        default -> {}
      }
    }
    if ((c == 'U' || c == 'u') && next == '&' && (peek(2) == '\'' || peek(2) == '"')) {
      boolean identifier = peek(2) == '"';
      quoted(
          start,
          start + 2,
          identifier ? '"' : '\'',
          false,
          identifier ? TokenType.QUOTED_IDENTIFIER : TokenType.STRING,
          identifier ? "quoted identifier" : "quoted string");
      return;
    }
    pos++;
    while (pos < source.length() && isIdentifierPart(source.charAt(pos))) {
      pos++;
    }
    add(TokenType.WORD, start, pos, line, column(start));
  }

  private void number() {
    int start = pos;
    int length = source.length();
    while (pos < length) {
      char c = source.charAt(pos);
      if (isDigit(c) || c == '.' || c == '_') {
        pos++;
      } else if ((c == 'e' || c == 'E')
          && (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
        pos += 2;
      } else {
        break;
      }
    }
    add(TokenType.NUMBER, start, pos, line, column(start));
  }

  private void add(TokenType type, int start, int end, int tokenLine, int tokenColumn) {
    tokens.add(new Token(type, start, end, tokenLine, tokenColumn));
  }

  private void newLine(int newlineAt) {
    line++;
    lineStart = newlineAt + 1;
  }

  private int column(int at) {
    return at - lineStart + 1;
  }

  private char peek(int ahead) {
    int at = pos + ahead;
    return at < source.length() ? source.charAt(at) : '\0';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '$';
  }

  /** Dollar-quote tags are like identifiers but cannot contain a dollar sign. */
  private static boolean isTagPart(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }
}
