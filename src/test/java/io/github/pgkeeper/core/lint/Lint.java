package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.migration.Checksums;
import io.github.pgkeeper.core.migration.Discovery;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationFileName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lints migration texts held in memory, as files under migrations/ of a project in /project. */
final class Lint {
  static final Path BASE = Path.of("/project");

  private Lint() {}

  /** A migration file named {@code name} (such as 001_a.sql) holding {@code sql}. */
  static MigrationFile file(String name, String sql) {
    MigrationFileName parsed = MigrationFileName.parse(name).orElseThrow();
    String content = Checksums.normalize(sql);
    return new MigrationFile(
        parsed.version(),
        parsed.description(),
        name,
        BASE.resolve("migrations").resolve(name),
        "migrations/" + name,
        content,
        Checksums.sha256(content),
        Optional.empty());
  }

  static LintReport files(LintConfig config, MigrationFile... files) {
    List<MigrationFile> list = new ArrayList<>(List.of(files));
    return new Linter(config).lint(new Discovery(list, List.of(), List.of()), BASE);
  }

  static LintReport sql(String sql) {
    return sql(LintConfig.defaults(), sql);
  }

  static LintReport sql(LintConfig config, String sql) {
    return files(config, file("001_test.sql", sql));
  }

  /** The findings of one rule. */
  static List<Finding> of(LintReport report, Rule rule) {
    return report.findings().stream().filter(f -> f.rule() == rule).toList();
  }

  /** Every finding, formatted, one per line, for failure messages. */
  static String describe(LintReport report) {
    StringBuilder text = new StringBuilder();
    report.findings().forEach(f -> text.append(f.format()).append('\n'));
    return text.toString();
  }
}
