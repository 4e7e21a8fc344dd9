package io.github.pgkeeper.core.lint;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns rule hits into findings: applies the configured severity (dropping rules that are off), the
 * file's {@code -- db:ignore} comments, and the statement scope.
 */
final class FindingCollector {
  /** Rules about the set or the file as a whole: they apply to every file, in scope or not. */
  private static final Set<Rule> ALWAYS_IN_SCOPE =
      EnumSet.of(
          Rule.DUPLICATE_VERSION,
          Rule.UNPARSABLE_NAME,
          Rule.MISSING_DESCRIPTION,
          Rule.IGNORED_FILE,
          Rule.SUPABASE_CLI_SKIPS_FILE,
          Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER,
          Rule.LEXICAL_ERROR,
          Rule.CHECKSUM_CHANGED,
          Rule.MISSING_FILE,
          Rule.OUT_OF_ORDER);

  private final LintConfig config;
  private final List<Finding> findings = new ArrayList<>();

  FindingCollector(LintConfig config) {
    this.config = config;
  }

  LintConfig config() {
    return config;
  }

  /** True when findings of {@code rule} would be kept, so callers can skip work for rules off. */
  boolean enabled(Rule rule) {
    return config.severityOf(rule) != Severity.OFF;
  }

  void add(FileContext file, int statementLine, Rule rule, int line, int column, String message) {
    add(file, statementLine, rule, line, column, message, rule.fix());
  }

  void add(
      FileContext file,
      int statementLine,
      Rule rule,
      int line,
      int column,
      String message,
      String fix) {
    Severity severity = config.severityOf(rule);
    if (severity == Severity.OFF
        || (!file.inScope() && !ALWAYS_IN_SCOPE.contains(rule))
        || file.suppressions().suppressed(rule, statementLine)) {
      return;
    }
    findings.add(new Finding(file.path(), line, column, rule, severity, message, fix));
  }

  List<Finding> findings() {
    return findings;
  }
}
