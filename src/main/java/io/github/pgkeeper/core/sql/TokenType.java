package io.github.pgkeeper.core.sql;

/** The kinds of token the lexer tells apart; enough to split statements and to lint them. */
public enum TokenType {
  /** An unquoted identifier or key word, such as {@code CREATE} or {@code users}. */
  WORD,
  /** A double-quoted identifier, including {@code U&"..."}. */
  QUOTED_IDENTIFIER,
  /**
   * A string constant: {@code '...'}, {@code E'...'}, {@code U&'...'}, {@code B'...'}, {@code
   * X'...'}.
   */
  STRING,
  /** A dollar-quoted string such as {@code $$...$$} or {@code $fn$...$fn$}. */
  DOLLAR_STRING,
  NUMBER,
  /** A positional parameter such as {@code $1}. */
  PARAMETER,
  /** A {@code --} comment, up to the end of the line. */
  LINE_COMMENT,
  /** A {@code /* ... *}{@code /} comment, which may nest. */
  BLOCK_COMMENT,
  SEMICOLON,
  OPEN_PAREN,
  CLOSE_PAREN,
  /** Any other operator or punctuation. */
  SYMBOL;

  public boolean isComment() {
    return this == LINE_COMMENT || this == BLOCK_COMMENT;
  }
}
