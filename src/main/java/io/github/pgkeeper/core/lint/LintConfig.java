package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.Version;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the linter checks and how strictly.
 *
 * @param serverMajorVersion the oldest PostgreSQL major version the migrations must run on; some
 *     forms (CREATE OR REPLACE TRIGGER) exist only from a given version
 * @param severities the user's overrides of rules' default severities
 * @param allowedDuplicates versions that may be used by several files (legacy files that were all
 *     applied already)
 * @param exposedSchemas schemas whose tables must have row-level security, lower-case
 * @param statementScope the files whose statements are checked; naming and duplicate rules always
 *     cover every file. Facts such as an ENABLE ROW LEVEL SECURITY are collected from every file.
 * @param historyMode in {@link HistoryMode#SUPABASE}, names the Supabase CLI skips are reported
 * @param rowLevelSecurityRequired whether rls-not-enabled applies: every table of an exposed schema
 *     needs row-level security. {@link Validator} turns it off for projects that are not Supabase
 *     projects unless configured; a policy without RLS is reported either way
 */
public record LintConfig(
    int serverMajorVersion,
    Map<Rule, Severity> severities,
    Set<Version> allowedDuplicates,
    Set<String> exposedSchemas,
    Predicate<MigrationFile> statementScope,
    HistoryMode historyMode,
    boolean rowLevelSecurityRequired) {

  public static final int DEFAULT_SERVER_VERSION = 14;

  public LintConfig {
    severities = severities.isEmpty() ? Map.of() : new EnumMap<>(severities);
    allowedDuplicates = Set.copyOf(allowedDuplicates);
    exposedSchemas = Set.copyOf(exposedSchemas);
  }

  public static LintConfig defaults() {
    return new LintConfig(
        DEFAULT_SERVER_VERSION,
        Map.of(),
        Set.of(),
        Set.of("public"),
        file -> true,
        HistoryMode.PGKEEPER,
        true);
  }

  public Severity severityOf(Rule rule) {
    return severities.getOrDefault(rule, rule.defaultSeverity());
  }

  /**
   * @throws PgKeeperException when {@code version} is not a PostgreSQL major version
   */
  public LintConfig withServerMajorVersion(int version) {
    if (version < 9) {
      throw new PgKeeperException(
          "serverVersion " + version + " is not a PostgreSQL major version such as 14.",
          Setting.VALIDATE_SERVER_VERSION);
    }
    return new LintConfig(
        version,
        severities,
        allowedDuplicates,
        exposedSchemas,
        statementScope,
        historyMode,
        rowLevelSecurityRequired);
  }

  public LintConfig withSeverities(Map<Rule, Severity> overrides) {
    return new LintConfig(
        serverMajorVersion,
        overrides,
        allowedDuplicates,
        exposedSchemas,
        statementScope,
        historyMode,
        rowLevelSecurityRequired);
  }

  public LintConfig withAllowedDuplicates(Set<Version> versions) {
    return new LintConfig(
        serverMajorVersion,
        severities,
        versions,
        exposedSchemas,
        statementScope,
        historyMode,
        rowLevelSecurityRequired);
  }

  public LintConfig withExposedSchemas(Set<String> schemas) {
    return new LintConfig(
        serverMajorVersion,
        severities,
        allowedDuplicates,
        schemas,
        statementScope,
        historyMode,
        rowLevelSecurityRequired);
  }

  public LintConfig withStatementScope(Predicate<MigrationFile> scope) {
    return new LintConfig(
        serverMajorVersion,
        severities,
        allowedDuplicates,
        exposedSchemas,
        scope,
        historyMode,
        rowLevelSecurityRequired);
  }

  public LintConfig withHistoryMode(HistoryMode mode) {
    return new LintConfig(
        serverMajorVersion,
        severities,
        allowedDuplicates,
        exposedSchemas,
        statementScope,
        mode,
        rowLevelSecurityRequired);
  }

  public LintConfig withRowLevelSecurityRequired(boolean required) {
    return new LintConfig(
        serverMajorVersion,
        severities,
        allowedDuplicates,
        exposedSchemas,
        statementScope,
        historyMode,
        required);
  }

  /**
   * Parses {@code auto}, {@code true} or {@code false}: whether every table of an exposed schema
   * needs row-level security.
   *
   * @return null for auto: only in a Supabase project, see {@link SupabaseDetection}
   * @throws PgKeeperException naming the text when it is none of these
   */
  public static Boolean parseRowLevelSecurityRequired(String text) {
    String value = text == null ? "auto" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "", "auto" -> null;
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default ->
          throw new PgKeeperException(
              "requireRowLevelSecurity '"
                  + text
                  + "' is not auto (Supabase projects only), true or false.",
              Setting.VALIDATE_REQUIRE_ROW_LEVEL_SECURITY);
    };
  }

  /**
   * Parses {@code rule-id=level} pairs such as {@code insert-not-idempotent=warning}.
   *
   * @throws PgKeeperException naming the pair with an unknown rule or level
   */
  public static Map<Rule, Severity> parseSeverities(List<String> pairs) {
    Map<Rule, Severity> overrides = new EnumMap<>(Rule.class);
    for (String pair : pairs) {
      if (pair == null || pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String id = equals < 0 ? pair : pair.substring(0, equals);
      Rule rule =
          Rule.byId(id)
              .orElseThrow(
                  () ->
                      new PgKeeperException(
                          "Unknown rule '"
                              + id.trim()
                              + "' in severity '"
                              + pair
                              + "'. Rule ids are listed in docs/validate-rules.md.",
                          Setting.VALIDATE_SEVERITIES));
      String level = equals < 0 ? "" : pair.substring(equals + 1);
      Severity severity =
          Severity.parse(level)
              .orElseThrow(
                  () ->
                      new PgKeeperException(
                          "Severity '"
                              + pair
                              + "' is not rule-id=level with level error, warning, info or off.",
                          Setting.VALIDATE_SEVERITIES));
      overrides.put(rule, severity);
    }
    return overrides;
  }

  /**
   * Parses versions such as {@code 005} or {@code 1.2}.
   *
   * @throws PgKeeperException naming the text that is not a version
   */
  public static Set<Version> parseVersions(List<String> texts) {
    Set<Version> versions = new LinkedHashSet<>();
    for (String text : texts) {
      if (text == null || text.isBlank()) {
        continue;
      }
      try {
        versions.add(Version.parse(text.trim()));
      } catch (IllegalArgumentException e) {
        throw new PgKeeperException(
            "Allowed duplicate '" + text + "' is not a version such as 005 or 20240101120000.",
            Setting.VALIDATE_ALLOWED_DUPLICATES);
      }
    }
    return versions;
  }

  /** Schema names as PostgreSQL folds unquoted identifiers: lower-case. */
  public static Set<String> parseSchemas(List<String> names) {
    Set<String> schemas = new LinkedHashSet<>();
    for (String name : names) {
      if (name != null && !name.isBlank()) {
        schemas.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    return schemas;
  }
}
