package io.github.pgkeeper.core.lint;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code -- db:ignore <rule-id> <reason>} comments of one file: those above its first statement
 * cover the whole file, the others the statement they precede (or trail, on its last line).
 * Statements are identified by the line they start on.
 */
final class Suppressions {
  private final Set<Rule> fileWide = EnumSet.noneOf(Rule.class);
  private final Map<Integer, Set<Rule>> byStatement = new HashMap<>();

  void ignoreInFile(Rule rule) {
    fileWide.add(rule);
  }

  void ignoreInStatement(int statementLine, Rule rule) {
    byStatement.computeIfAbsent(statementLine, line -> EnumSet.noneOf(Rule.class)).add(rule);
  }

  /**
   * @param statementLine the line the statement holding the finding starts on, or 0 for a finding
   *     about the whole file
   */
  boolean suppressed(Rule rule, int statementLine) {
    if (fileWide.contains(rule)) {
      return true;
    }
    Set<Rule> rules = byStatement.get(statementLine);
    return rules != null && rules.contains(rule);
  }
}
