package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The empirical idempotency check, on real throwaway PostgreSQL servers. */
class ShadowCheckTest {
  @TempDir Path project;

  private Path migrations;

  private LintReport validate(Path base, Path location) {
    MigrationConfig config = MigrationConfig.of(null, List.of(location), base);
    Path data = base.resolve("target/shadow");
    return new Validator(LintConfig.defaults(), config, false, data).run(new RecordingLogger());
  }

  private void write(String name, String sql) throws IOException {
    if (migrations == null) {
      migrations = Files.createDirectories(project.resolve("migrations"));
    }
    Files.writeString(migrations.resolve(name), sql);
  }

  @Test
  void reportsEveryMigrationWhoseSecondRunFailsWithTheServersMessageAndLine() throws IOException {
    write("001_table.sql", "CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\n");
    // Static rules cannot see into the DO block; the second run hits the primary key.
    write(
        "002_seed.sql",
        "-- db:ignore rls-not-enabled not the point here\n"
            + "SELECT 1;\n"
            + "DO $$ BEGIN INSERT INTO a VALUES (1); END $$;\n");
    write("003_index.sql", "CREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n");
    write(
        "004_column.sql",
        "ALTER TABLE a ADD COLUMN IF NOT EXISTS b int;\n"
            + "ALTER TABLE a ENABLE ROW LEVEL SECURITY;\n");
    write(
        "005_view.sql",
        "CREATE OR REPLACE VIEW v AS SELECT id FROM a;\n"
            + "SELECT 1;\n"
            + "CREATE VIEW\n  w AS SELECT id FROM a;\n");

    LintReport report = validate(project, migrations);

    List<Finding> failures = Lint.of(report, Rule.NOT_RERUNNABLE);
    assertEquals(
        List.of(
            "migrations/002_seed.sql:3", "migrations/003_index.sql:1", "migrations/005_view.sql:3"),
        failures.stream().map(f -> f.file() + ":" + f.line()).toList(),
        Lint.describe(report));
    assertTrue(
        failures.get(0).message().contains("duplicate key value violates unique constraint"),
        failures.get(0).message());
    assertTrue(failures.get(0).message().contains("[SQLSTATE 23505]"));
    assertTrue(
        failures.get(1).message().contains("without a transaction: CREATE INDEX CONCURRENTLY"),
        failures.get(1).message());
    assertTrue(failures.get(1).message().contains("already exists"), failures.get(1).message());
    assertTrue(failures.get(2).message().contains("relation \"w\" already exists"));
    // The static rule saw the view too; the shadow check adds what it could not see.
    assertEquals(1, Lint.of(report, Rule.CREATE_VIEW_NOT_IDEMPOTENT).size());
  }

  @Test
  void aMigrationThatFailsOnTheFirstRunIsReportedAndNoSecondRunsAreTried() throws IOException {
    write(
        "001_ok.sql",
        "CREATE TABLE IF NOT EXISTS b (id int);\nALTER TABLE b ENABLE ROW LEVEL SECURITY;\n");
    write("002_broken.sql", "SELECT 1;\nSELECT * FROM\n  no_such_table;\n");

    LintReport report = validate(project, migrations);

    List<Finding> failed = Lint.of(report, Rule.SHADOW_APPLY_FAILED);
    assertEquals(1, failed.size(), Lint.describe(report));
    assertEquals("migrations/002_broken.sql", failed.get(0).file());
    assertEquals(3, failed.get(0).line());
    assertTrue(failed.get(0).message().contains("relation \"no_such_table\" does not exist"));
    assertEquals(List.of(), Lint.of(report, Rule.NOT_RERUNNABLE));
  }

  @Test
  void aSupabaseSetRunsOnASupabaseFlavouredServerAndOnlyTheFileThatFailsTwiceIsReported()
      throws IOException {
    write(
        "20240101000000_profiles.sql",
        "CREATE TABLE IF NOT EXISTS public.profiles (\n"
            + "  id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,\n"
            + "  username text\n"
            + ");\n"
            + "ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;\n"
            + "DROP POLICY IF EXISTS \"read own profile\" ON public.profiles;\n"
            + "CREATE POLICY \"read own profile\" ON public.profiles FOR SELECT\n"
            + "  TO authenticated USING (auth.uid() = id);\n");
    // Dropped with CASCADE first, everything after it is new on every run.
    write(
        "20240102000000_notes.sql",
        "DROP TABLE IF EXISTS public.notes CASCADE;\n"
            + "CREATE TABLE public.notes (\n"
            + "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            + "  owner uuid NOT NULL DEFAULT auth.uid() REFERENCES auth.users (id),\n"
            + "  body text\n"
            + ");\n"
            + "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;\n"
            + "CREATE POLICY \"own notes\" ON public.notes TO authenticated\n"
            + "  USING (owner = auth.uid());\n"
            + "CREATE INDEX notes_owner ON public.notes (owner);\n");
    write(
        "20240103000000_avatars.sql",
        "INSERT INTO storage.buckets (id, name) VALUES ('avatars', 'avatars');\n"
            + "CREATE POLICY \"avatar upload\" ON storage.objects FOR INSERT TO authenticated\n"
            + "  WITH CHECK (bucket_id = 'avatars');\n");
    MigrationConfig config = MigrationConfig.of(null, List.of(migrations), project);
    RecordingLogger log = new RecordingLogger();

    LintReport report =
        new Validator(LintConfig.defaults(), config, false, project.resolve("target/shadow"))
            .run(log);

    assertEquals(List.of(), Lint.of(report, Rule.SHADOW_APPLY_FAILED), Lint.describe(report));
    assertEquals(
        List.of("migrations/20240103000000_avatars.sql:1"),
        Lint.of(report, Rule.NOT_RERUNNABLE).stream().map(f -> f.file() + ":" + f.line()).toList(),
        Lint.describe(report));
    assertTrue(
        log.lines.contains(
            "INFO Shadow check: a throwaway supabase server, since"
                + " migrations/20240101000000_profiles.sql line 2 references the auth schema."),
        log.all());
    // The static rules agree: the notes file repeats, the avatars file does not.
    assertEquals(
        List.of("migrations/20240103000000_avatars.sql"),
        report.findings().stream()
            .filter(f -> f.rule().category() == Category.IDEMPOTENCY)
            .map(Finding::file)
            .distinct()
            .toList(),
        Lint.describe(report));
  }

  @Test
  void theSampleSetRunsTwiceCleanly() {
    Path sample = Path.of("migrations").toAbsolutePath();
    MigrationConfig config = MigrationConfig.of(null, List.of(sample), sample.getParent());

    LintReport report =
        new Validator(LintConfig.defaults(), config, false, project.resolve("shadow"))
            .run(new RecordingLogger());

    assertEquals(List.of(), Lint.of(report, Rule.NOT_RERUNNABLE), Lint.describe(report));
    assertEquals(List.of(), Lint.of(report, Rule.SHADOW_APPLY_FAILED), Lint.describe(report));
  }
}
