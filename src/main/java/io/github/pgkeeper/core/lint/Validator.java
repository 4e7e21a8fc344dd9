package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.embedded.Flavor;
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
 * @param flavor the embedded flavour the user configured, or null to detect it (see {@link
 *     SupabaseDetection}): the shadow check's server has it
 * @param rowLevelSecurityRequired whether every table of an exposed schema needs row-level security
 *     (rls-not-enabled), or null for only in a Supabase project; overrides {@code lint}'s
 */
public record Validator(
    LintConfig lint,
    MigrationConfig migrations,
    boolean online,
    Path shadowDataDirectory,
    StatementScope scope,
    Flavor flavor,
    Boolean rowLevelSecurityRequired) {

  public Validator {
    scope = scope == null ? StatementScope.ALL : scope;
  }

  /** Detects the flavour, and requires row-level security only in a Supabase project. */
  public Validator(
      LintConfig lint,
      MigrationConfig migrations,
      boolean online,
      Path shadowDataDirectory,
      StatementScope scope) {
    this(lint, migrations, online, shadowDataDirectory, scope, null, null);
  }

  /** Checks every file's statements. */
  public Validator(
      LintConfig lint, MigrationConfig migrations, boolean online, Path shadowDataDirectory) {
    this(lint, migrations, online, shadowDataDirectory, StatementScope.ALL);
  }

  /** The same checks, with a configured flavour and row-level security requirement (null: auto). */
  public Validator withSupabaseSettings(Flavor configured, Boolean requireRowLevelSecurity) {
    return new Validator(
        lint, migrations, online, shadowDataDirectory, scope, configured, requireRowLevelSecurity);
  }

  public LintReport run(Logger log) {
    long started = System.nanoTime();
    Discovery discovery = migrations.scan(log);
    SupabaseDetection project =
        SupabaseDetection.detect(
            flavor,
            migrations.historyMode(),
            migrations.baseDirectory(),
            migrations.locations(),
            discovery.migrations());
    LintConfig config =
        lint.withRowLevelSecurityRequired(
            rowLevelSecurityRequired != null ? rowLevelSecurityRequired : project.supabase());
    log.debug(
        (project.supabase() ? "A Supabase project: " : "Not a Supabase project: ")
            + project.reason()
            + "; rls-not-enabled "
            + (config.rowLevelSecurityRequired() ? "applies" : "is off")
            + (rowLevelSecurityRequired != null ? " (requireRowLevelSecurity)" : ""));
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
        more.addAll(
            ShadowCheck.run(shadowDataDirectory, project, migrations, discovery.migrations(), log));
      }
    }
    return report.plus(linter.adopt(more));
  }
}
