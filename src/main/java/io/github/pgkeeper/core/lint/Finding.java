package io.github.pgkeeper.core.lint;

import java.util.Comparator;

/**
 * One problem found in a migration set.
 *
 * @param file the file as messages show it, relative to the project's base directory
 * @param line 1-based line, 1 for problems with the whole file
 * @param column 1-based column
 * @param severity the rule's severity after the user's overrides
 * @param fix what to do about it
 */
public record Finding(
    String file, int line, int column, Rule rule, Severity severity, String message, String fix) {

  /** File, then position, then rule: the order reports list findings in. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::file)
          .thenComparingInt(Finding::line)
          .thenComparingInt(Finding::column)
          .thenComparing(f -> f.rule().id());

  /** {@code migrations/005_x.sql:[12,3] rule-id: message (fix: ...)}, as the build log shows it. */
  public String format() {
    return file
        + ":["
        + line
        + ","
        + column
        + "] "
        + rule.id()
        + ": "
        + message
        + (fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")");
  }
}
