package io.github.pgkeeper.core.sql;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An instruction to the tool written as a line comment, such as {@code -- db:transaction off} or
 * dbmate's {@code -- migrate:down}. Only real comments count: the same text inside a string or a
 * dollar-quoted body is not a directive.
 *
 * @param name the prefix and word, such as {@code db:transaction} or {@code migrate:down}
 * @param argument the rest of the line, trimmed (may be empty)
 * @param offset where the comment starts in the script
 */
public record Directive(String name, String argument, int line, int offset) {
  private static final Pattern FORM =
      Pattern.compile("--\\s*((?:db|migrate):[A-Za-z-]+)\\b\\s*(.*)");

  /** The directive a line comment holds, such as {@code -- db:ignore rule reason}, if any. */
  public static Optional<Directive> of(String comment, Token token) {
    Matcher matcher = FORM.matcher(comment);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Directive(
            matcher.group(1).toLowerCase(java.util.Locale.ROOT),
            matcher.group(2).trim(),
            token.line(),
            token.start()));
  }

  public boolean is(String directiveName) {
    return name.equals(directiveName);
  }
}
