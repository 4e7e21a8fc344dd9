package io.github.pgkeeper.core.sql;

/**
 * One token of a SQL script: its type, where it is in the source ({@code start} inclusive, {@code
 * end} exclusive) and the 1-based line and column where it starts.
 */
public record Token(TokenType type, int start, int end, int line, int column) {

  public String text(CharSequence source) {
    return source.subSequence(start, end).toString();
  }

  /** True for an unquoted word equal to {@code keyword}, ignoring case. */
  public boolean isWord(CharSequence source, String keyword) {
    return type == TokenType.WORD
        && end - start == keyword.length()
        && source.toString().regionMatches(true, start, keyword, 0, keyword.length());
  }
}
