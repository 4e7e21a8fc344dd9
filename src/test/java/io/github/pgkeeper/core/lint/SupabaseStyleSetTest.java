package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.migration.HistoryMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad SQL never crashes validate: the errors found in real Supabase histories ({@code CREATE POLICY
 * IF NOT EXISTS}, a {@code $$} function nested in {@code DO $$}) are findings at their lines and
 * checking goes on; comment-only files and a last statement without {@code ;} raise nothing false.
 */
class SupabaseStyleSetTest {
  private static final LintConfig SUPABASE =
      LintConfig.defaults().withHistoryMode(HistoryMode.SUPABASE);

  private static final String PROFILES =
      """
      -- Profiles for every auth user, as the Supabase quickstart writes them.
      CREATE TABLE IF NOT EXISTS public.profiles (
        id uuid PRIMARY KEY REFERENCES auth.users (id) ON DELETE CASCADE,
        username text
      );
      ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;
      CREATE POLICY IF NOT EXISTS "read own profile" ON public.profiles
        FOR SELECT USING (auth.uid() = id);
      DROP POLICY IF EXISTS "update own profile" ON public.profiles;
      CREATE POLICY "update own profile" ON public.profiles
        FOR UPDATE TO authenticated USING (auth.uid() = id);
      INSERT INTO storage.buckets (id, name, public) VALUES ('avatars', 'avatars', true)
        ON CONFLICT (id) DO NOTHING;
      DO $$
      BEGIN
        CREATE OR REPLACE FUNCTION public.handle_new_user() RETURNS trigger AS $$
        BEGIN
          INSERT INTO public.profiles (id) VALUES (new.id);
          RETURN new;
        END;
        $$ LANGUAGE plpgsql SECURITY DEFINER;
      END
      $$;
      SELECT cron.schedule('nightly', '0 3 * * *', $$DELETE FROM public.profiles WHERE id IS NULL$$);
      ALTER PUBLICATION supabase_realtime ADD TABLE public.profiles;
      CREATE INDEX profiles_username ON public.profiles (username);
      """;

  @Test
  void supabaseErrorsAreFindingsAtTheirLinesAndCheckingGoesOn() {
    LintReport report =
        Lint.files(
            SUPABASE,
            Lint.file("20240101120000_profiles.sql", PROFILES),
            Lint.file("20240102120000_drop_old.sql", "DROP TABLE public.old_profiles;\n"));

    assertEquals(
        List.of(
            "migrations/20240101120000_profiles.sql:[7,15] unsupported-if-not-exists",
            "migrations/20240101120000_profiles.sql:[16,74] nested-dollar-quote",
            "migrations/20240101120000_profiles.sql:[26,1] create-index-not-idempotent",
            "migrations/20240102120000_drop_old.sql:[1,1] drop-not-idempotent"),
        report.findings().stream()
            .sorted(Finding.ORDER)
            .map(f -> f.file() + ":[" + f.line() + "," + f.column() + "] " + f.rule().id())
            .toList(),
        Lint.describe(report));
  }

  @Test
  void aFileOfOnlyCommentsAndALastStatementWithoutSemicolonRaiseNothingFalse() {
    LintReport report =
        Lint.files(
            SUPABASE,
            Lint.file(
                "20240101120000_placeholder.sql",
                "-- Intentionally empty: the remote schema was pulled.\n/* nothing */\n-- end"),
            Lint.file(
                "20240102120000_no_semicolon.sql",
                "CREATE TABLE IF NOT EXISTS public.notes (id bigint);\n"
                    + "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY"),
            Lint.file("20240103120000_empty.sql", ""));
    assertEquals(List.of(), report.findings(), Lint.describe(report));
    assertEquals(3, report.filesChecked());
    assertEquals(2, report.statementsChecked());

    // The last statement is still checked when it has no semicolon.
    LintReport unterminated =
        Lint.files(
            SUPABASE,
            Lint.file("20240104120000_drop.sql", "SELECT 1;\n-- then\nDROP TABLE public.notes"));
    assertEquals(
        List.of("migrations/20240104120000_drop.sql:[3,1] drop-not-idempotent"),
        unterminated.findings().stream()
            .map(f -> f.file() + ":[" + f.line() + "," + f.column() + "] " + f.rule().id())
            .toList());
  }
}
