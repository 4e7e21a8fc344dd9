package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.Flavor;
import io.github.pgkeeper.core.lint.FailOn;
import io.github.pgkeeper.core.lint.Finding;
import io.github.pgkeeper.core.lint.GithubAnnotations;
import io.github.pgkeeper.core.lint.LintConfig;
import io.github.pgkeeper.core.lint.LintReport;
import io.github.pgkeeper.core.lint.ReportOutput;
import io.github.pgkeeper.core.lint.StatementScope;
import io.github.pgkeeper.core.lint.Validator;
import io.github.pgkeeper.core.migration.Timeouts;
import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the migrations before they are merged: duplicate versions and names, unclosed quotes,
 * transaction mistakes, statements that fail when run twice, risky locks and missing row-level
 * security. Reports every finding as {@code file:[line,column] rule-id: message}, writes SARIF and
 * JUnit XML, and annotates the pull request in GitHub Actions. Needs no database; the checks
 * against the history table ({@code online}) and on a throwaway server ({@code shadow}) are opt-in.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractMigrationMojo {
  /**
   * Which findings fail the build: {@code error}, {@code warning} (and errors) or {@code never}.
   */
  @Parameter(property = "db.validate.failOn", defaultValue = "error")
  String failOn;

  /**
   * Rule severities as {@code rule-id=level} (error, warning, info, off), such as {@code
   * <severity>insert-not-idempotent=warning</severity>}; comma-separated on the CLI.
   */
  @Parameter(property = "db.validate.severities")
  List<String> severities = List.of();

  /** Versions several files may share, such as legacy duplicates that were all applied. */
  @Parameter(property = "db.validate.allowedDuplicates")
  List<String> allowedDuplicates = List.of();

  /** Schemas whose tables must have row-level security enabled. */
  @Parameter(property = "db.validate.exposedSchemas", defaultValue = "public")
  List<String> exposedSchemas = List.of("public");

  /**
   * Whether every table of an exposed schema needs row-level security (rls-not-enabled): {@code
   * auto} for Supabase projects only (the flavor, historyMode, a supabase/ folder, or migrations
   * using auth., storage., anon or authenticated), {@code true} or {@code false}.
   */
  @Parameter(property = "db.validate.requireRowLevelSecurity", defaultValue = "auto")
  String requireRowLevelSecurity;

  /**
   * The shadow check's server flavor, as db:start's: {@code plain} or {@code supabase}. By default
   * supabase for a Supabase project (see requireRowLevelSecurity), plain otherwise.
   */
  @Parameter(property = "db.embedded.flavor")
  String flavor;

  /**
   * The oldest PostgreSQL major version the migrations must run on (CREATE OR REPLACE TRIGGER needs
   * 14).
   */
  @Parameter(property = "db.validate.serverVersion", defaultValue = "14")
  int serverVersion;

  /**
   * Also compare with the database's history table: changed checksums, missing files, out of order.
   */
  @Parameter(property = "db.validate.online", defaultValue = "false")
  boolean online;

  /**
   * Statement rules check only files with a later version (naming rules still check every file):
   * adopt validate on an existing project by giving the newest version already applied everywhere.
   */
  @Parameter(property = "db.validate.since")
  String since;

  /**
   * A git branch, tag or commit, such as {@code main} or {@code origin/main}: statement rules check
   * only the files added or changed against it (since the merge base, committed or not, and
   * untracked files), as a pull request shows them.
   */
  @Parameter(property = "db.validate.changedFrom")
  String changedFrom;

  /** Apply every migration on a throwaway embedded PostgreSQL, then run each a second time. */
  @Parameter(property = "db.validate.shadow", defaultValue = "false")
  boolean shadow;

  /** Where the shadow check's throwaway server keeps its files. */
  @Parameter(
      property = "db.validate.shadowDataDirectory",
      defaultValue = "${project.build.directory}/pgkeeper/validate-shadow")
  File shadowDataDirectory;

  /** The SARIF 2.1.0 report, for GitHub code scanning. */
  @Parameter(
      property = "db.validate.sarifFile",
      defaultValue = "${project.build.directory}/db-validate.sarif")
  File sarifFile;

  /** The JUnit XML report, for Jenkins and GitLab. */
  @Parameter(
      property = "db.validate.junitFile",
      defaultValue = "${project.build.directory}/db-validate-junit.xml")
  File junitFile;

  /** Skips db:validate only. */
  @Parameter(property = "db.validate.skip", defaultValue = "false")
  boolean skipValidate;

  @Override
  boolean skipGoal() {
    return skipValidate;
  }

  @Override
  void run() throws MojoFailureException {
    FailOn threshold = FailOn.parse(failOn);
    LintConfig lint =
        LintConfig.defaults()
            .withServerMajorVersion(serverVersion)
            .withSeverities(LintConfig.parseSeverities(severities))
            .withAllowedDuplicates(LintConfig.parseVersions(allowedDuplicates))
            .withExposedSchemas(LintConfig.parseSchemas(exposedSchemas))
            .withHistoryMode(parsedHistoryMode());
    LintReport report =
        new Validator(
                lint,
                migrationConfig(
                    online ? connectionConfig() : null, null, true, false, Timeouts.DEFAULTS),
                online,
                shadow ? shadowDataDirectory.toPath().toAbsolutePath() : null,
                StatementScope.of(since, changedFrom))
            .withSupabaseSettings(
                flavor == null || flavor.isBlank() ? null : Flavor.parse(flavor),
                LintConfig.parseRowLevelSecurityRequired(requireRowLevelSecurity))
            .run(logger());
    ReportOutput output =
        new ReportOutput(
            sarifFile.toPath(),
            junitFile.toPath(),
            mojoExecution.getMojoDescriptor().getPluginDescriptor().getVersion(),
            GithubAnnotations.enabled(System.getenv("GITHUB_ACTIONS"))
                ? System.out::println
                : null);
    List<Finding> failures = output.publish(report, threshold, logger());
    if (!failures.isEmpty()) {
      throw new MojoFailureException(
          "db:validate found "
              + failures.size()
              + " problem(s) that fail the build (failOn="
              + threshold.name().toLowerCase(java.util.Locale.ROOT)
              + "), first: "
              + failures.get(0).format()
              + System.lineSeparator()
              + "  Fix them, add -- db:ignore <rule-id> <reason>, or configure "
              + Parameters.describe(Setting.VALIDATE_SEVERITIES));
    }
  }
}
