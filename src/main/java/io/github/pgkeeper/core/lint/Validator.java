package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.migration.Discovery;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * db:validate: scans the migration locations, lints them, and adds the opt-in checks (against the
 * configured database, and on a throwaway one).
 *
 * @param migrations the locations, base directory and history table; its connection is used only
 *     when {@code online} is set, and may be null otherwise
 * @param online whether to compare with the history table of {@code migrations.connection()}
 * @param shadowDataDirectory where to run the empirical check's throwaway server; null skips it
 * @param scope the files whose statements are checked, on top of {@code lint}'s own scope
 */
public record Validator(
    LintConfig lint,
    MigrationConfig migrations,
    boolean online,
    Path shadowDataDirectory,
    StatementScope scope) {

  public Validator {
    scope = scope == null ? StatementScope.ALL : scope;
  }

  /** Checks every file's statements. */
  public Validator(
      LintConfig lint, MigrationConfig migrations, boolean online, Path shadowDataDirectory) {
    this(lint, migrations, online, shadowDataDirectory, StatementScope.ALL);
  }

  public LintReport run(Logger log) {
    long started = System.nanoTime();
    Discovery discovery = migrations.scan(log);
    LintConfig config = lint;
    if (!scope.coversEverything()) {
      Predicate<MigrationFile> inScope = scope.resolve(migrations.baseDirectory());
      scope.log(discovery.migrations(), inScope, log);
      config = lint.withStatementScope(lint.statementScope().and(inScope));
    }
    Linter linter = new Linter(config);
    LintReport report = linter.lint(discovery, migrations.baseDirectory());
    log.debug("Static checks took " + (System.nanoTime() - started) / 1_000_000 + " ms");
    List<Finding> more = new ArrayList<>();
    if (online) {
      more.addAll(OnlineChecks.run(migrations, discovery.migrations(), log));
    }
    if (shadowDataDirectory != null) {
      if (!discovery.duplicateVersions().isEmpty()) {
        log.warn("Shadow check skipped: the migrations cannot be applied while versions repeat.");
      } else {
        more.addAll(ShadowCheck.run(shadowDataDirectory, migrations, discovery.migrations(), log));
      }
    }
    return report.plus(linter.adopt(more));
  }
}
