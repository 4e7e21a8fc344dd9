package io.github.pgkeeper.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One statement of a script: its text without the closing semicolon, the 1-based line and column of
 * its first token, and its tokens (comments inside it included). Token positions are offsets in the
 * whole script; {@link #offset()} is where the statement text starts in it.
 */
public record SqlStatement(String text, int line, int column, int offset, List<Token> tokens) {

  /**
   * The first {@code count} words of the statement, upper-cased, skipping comments; fewer if the
   * statement is shorter or another kind of token comes first.
   */
  public List<String> leadingWords(int count) {
    List<String> words = new ArrayList<>(count);
    for (Token token : tokens) {
      if (token.type().isComment()) {
        continue;
      }
      if (token.type() != TokenType.WORD || words.size() == count) {
        break;
      }
      words.add(
          text.substring(token.start() - offset, token.end() - offset).toUpperCase(Locale.ROOT));
    }
    return words;
  }

  /** Every unquoted word of the statement, upper-cased, in order (strings and comments skipped). */
  public List<String> words() {
    List<String> words = new ArrayList<>();
    for (Token token : tokens) {
      if (token.type() == TokenType.WORD && token.start() >= offset) {
        words.add(
            text.substring(token.start() - offset, token.end() - offset).toUpperCase(Locale.ROOT));
      }
    }
    return words;
  }

  /** True when the statement starts with the given key words, ignoring case. */
  public boolean startsWith(String... keywords) {
    return leadingWords(keywords.length).equals(List.of(keywords));
  }

  /**
   * The line in the script of a 1-based character position inside this statement's text, as
   * PostgreSQL reports it in an error's {@code position} field.
   */
  public int lineAt(int position) {
    int line = this.line;
    int end = Math.min(Math.max(position - 1, 0), text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
