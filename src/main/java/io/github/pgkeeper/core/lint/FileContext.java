package io.github.pgkeeper.core.lint;

/**
 * The file a finding belongs to: its path as reports show it, whether its statements are in scope
 * (see {@link LintConfig#statementScope()}), and its {@code -- db:ignore} comments.
 */
record FileContext(String path, boolean inScope, Suppressions suppressions) {
  static FileContext of(String path) {
    return new FileContext(path, true, new Suppressions());
  }
}
