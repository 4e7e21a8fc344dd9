package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.Flavor;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which sets are a Supabase project's, and what follows: rls-not-enabled applies by default only to
 * them; other projects turn it on with requireRowLevelSecurity.
 */
class SupabaseDetectionTest {
  private static final String PLAIN_TABLE = "CREATE TABLE IF NOT EXISTS notes (id int);\n";

  @TempDir Path project;

  private static SupabaseDetection detect(Path base, String... sql) {
    List<MigrationFile> files =
        java.util.stream.IntStream.range(0, sql.length)
            .mapToObj(i -> Lint.file(String.format("%03d_m.sql", i + 1), sql[i]))
            .toList();
    return SupabaseDetection.detect(
        null, HistoryMode.PGKEEPER, base, List.of(base.resolve("migrations")), files);
  }

  @Test
  void theSignsOfASupabaseProjectAreFoundWithTheirReason() throws IOException {
    SupabaseDetection plain = detect(project, PLAIN_TABLE, "-- for authenticated users later\n");
    assertFalse(plain.supabase(), plain.reason());
    assertEquals(Flavor.PLAIN, plain.flavor());

    SupabaseDetection auth =
        detect(
            project, PLAIN_TABLE, "SELECT 1;\nCREATE POLICY p ON notes USING (auth.uid() = id);");
    assertTrue(auth.supabase());
    assertEquals("migrations/002_m.sql line 2 references the auth schema", auth.reason());
    assertEquals(Flavor.SUPABASE, auth.flavor());
    assertEquals(
        "migrations/001_m.sql line 1 references the storage schema",
        detect(project, "INSERT INTO \"storage\".buckets (id) VALUES ('a');").reason());
    assertEquals(
        "migrations/001_m.sql line 1 names the role authenticated",
        detect(project, "GRANT SELECT ON notes TO Authenticated;").reason());
    // In a string or a comment, or as part of another name, it is no sign.
    assertFalse(
        detect(project, "SELECT 'auth.uid()'; -- anon\nSELECT my_auth.x, anonymous;").supabase());

    assertEquals(
        "historyMode=supabase",
        SupabaseDetection.detect(null, HistoryMode.SUPABASE, project, List.of(), List.of())
            .reason());
    SupabaseDetection configured =
        SupabaseDetection.detect(
            Flavor.PLAIN,
            HistoryMode.SUPABASE,
            project,
            List.of(),
            List.of(Lint.file("001_a.sql", "SELECT auth.uid();")));
    assertFalse(configured.supabase(), "a configured flavor decides alone");
    assertEquals("the embedded flavor is configured as plain", configured.reason());

    Path cliLayout = Files.createDirectories(project.resolve("supabase/migrations"));
    assertTrue(
        detect(project, PLAIN_TABLE)
            .reason()
            .startsWith("the project has the Supabase CLI's supabase/"));
    Path elsewhere = Files.createDirectories(project.resolve("app"));
    assertTrue(
        SupabaseDetection.detect(
                null, HistoryMode.PGKEEPER, elsewhere, List.of(cliLayout), List.of())
            .supabase(),
        "migrations inside a supabase/ folder");
  }

  @Test
  void rlsNotEnabledAppliesByDefaultOnlyToSupabaseProjects() throws IOException {
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve("001_notes.sql"), PLAIN_TABLE);
    MigrationConfig config = MigrationConfig.of(null, List.of(migrations), project);

    assertEquals(List.of(), rlsFindings(new Validator(LintConfig.defaults(), config, false, null)));
    assertEquals(
        1,
        rlsFindings(
                new Validator(LintConfig.defaults(), config, false, null)
                    .withSupabaseSettings(null, LintConfig.parseRowLevelSecurityRequired("true")))
            .size(),
        "turned on for a project that is not a Supabase project");
    assertEquals(
        1,
        rlsFindings(
                new Validator(LintConfig.defaults(), config, false, null)
                    .withSupabaseSettings(Flavor.SUPABASE, null))
            .size(),
        "the flavor says Supabase");

    Files.writeString(
        migrations.resolve("002_grant.sql"), "GRANT SELECT ON notes TO anon, authenticated;\n");
    assertEquals(1, rlsFindings(new Validator(LintConfig.defaults(), config, false, null)).size());
    assertEquals(
        List.of(),
        rlsFindings(
            new Validator(LintConfig.defaults(), config, false, null)
                .withSupabaseSettings(null, LintConfig.parseRowLevelSecurityRequired("false"))));
  }

  @Test
  void requireRowLevelSecurityIsAutoTrueOrFalse() {
    assertEquals(null, LintConfig.parseRowLevelSecurityRequired("auto"));
    assertEquals(null, LintConfig.parseRowLevelSecurityRequired(null));
    assertEquals(Boolean.TRUE, LintConfig.parseRowLevelSecurityRequired(" TRUE "));
    PgKeeperException e =
        assertThrows(
            PgKeeperException.class, () -> LintConfig.parseRowLevelSecurityRequired("yes"));
    assertEquals(Setting.VALIDATE_REQUIRE_ROW_LEVEL_SECURITY, e.setting().orElseThrow());
    assertTrue(e.getMessage().contains("'yes'"), e.getMessage());
  }

  private static List<Finding> rlsFindings(Validator validator) {
    return Lint.of(validator.run(new RecordingLogger()), Rule.RLS_NOT_ENABLED);
  }
}
