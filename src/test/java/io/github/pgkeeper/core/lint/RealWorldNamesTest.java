package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.migration.Discovery;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Names from real Supabase sets: files the Supabase CLI would skip, and versions of mixed width
 * whose numeric order differs from the order of the file names.
 */
class RealWorldNamesTest {
  private static final String SQL = "SELECT 1;";
  private static final LintConfig SUPABASE =
      LintConfig.defaults().withHistoryMode(HistoryMode.SUPABASE);

  @Test
  void inSupabaseModeFilesTheCliSkipsAreWarnedAbout() {
    LintReport report =
        Lint.files(
            SUPABASE,
            Lint.file("20240101120000_create_profiles.sql", SQL),
            Lint.file("20240102120000_9b2f0c7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.sql", SQL),
            Lint.file("20240103120000-add-avatars.sql", SQL),
            Lint.file("20240104120000.sql", SQL),
            Lint.file("20240105120000a_fix.sql", SQL),
            Lint.file("V20240106__flyway_style.sql", SQL),
            Lint.file("20240107120000_upper_case.SQL", SQL));

    List<Finding> skipped = Lint.of(report, Rule.SUPABASE_CLI_SKIPS_FILE);
    assertEquals(
        List.of(
            "migrations/20240103120000-add-avatars.sql",
            "migrations/20240104120000.sql",
            "migrations/20240105120000a_fix.sql",
            "migrations/20240107120000_upper_case.SQL",
            "migrations/V20240106__flyway_style.sql"),
        skipped.stream().map(Finding::file).sorted().toList(),
        Lint.describe(report));
    Finding dash =
        skipped.stream().filter(f -> f.file().contains("-add-avatars")).findFirst().orElseThrow();
    assertEquals(Severity.WARNING, dash.severity());
    assertEquals(
        "migrations/20240103120000-add-avatars.sql:[1,1] supabase-cli-skips-file: pgkeeper runs"
            + " '20240103120000-add-avatars.sql' as version 20240103120000, but the Supabase CLI"
            + " only runs files named <digits>_<name>.sql and skips this one without a word, so"
            + " supabase db push and the plugin would disagree. (fix: rename it"
            + " 20240103120000_add-avatars.sql before it is applied anywhere)",
        dash.format());
  }

  @Test
  void inSupabaseModeADownFileTheCliWouldRunIsAnError() {
    MigrationFile withDownFile =
        withDown(
            Lint.file("20240101120000_add_orders.sql", SQL), "20240101120000_add_orders.down.sql");
    MigrationFile withDownSection =
        Lint.file(
            "20240102120000_add_notes.sql",
            "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");

    LintReport supabase = Lint.files(SUPABASE, withDownFile, withDownSection);
    List<Finding> found = Lint.of(supabase, Rule.SUPABASE_CLI_RUNS_DOWN_FILE);
    assertEquals(1, found.size(), Lint.describe(supabase));
    assertEquals("migrations/20240101120000_add_orders.down.sql", found.get(0).file());
    assertEquals(Severity.ERROR, found.get(0).severity());
    assertTrue(found.get(0).message().contains("version 20240101120000 again"));

    LintReport plain = Lint.files(LintConfig.defaults(), withDownFile, withDownSection);
    assertEquals(List.of(), Lint.of(plain, Rule.SUPABASE_CLI_RUNS_DOWN_FILE));
  }

  private static MigrationFile withDown(MigrationFile file, String downName) {
    return new MigrationFile(
        file.version(),
        file.description(),
        file.script(),
        file.path(),
        file.displayPath(),
        file.content(),
        file.checksum(),
        Optional.of(new MigrationFile.DownScript("migrations/" + downName, "SELECT 2;")));
  }

  @Test
  void outsideSupabaseModeTheCliPatternDoesNotMatter() {
    LintReport report =
        Lint.files(
            LintConfig.defaults(),
            Lint.file("0042-create-users.sql", SQL),
            Lint.file("0043.sql", SQL));
    assertEquals(List.of(), Lint.of(report, Rule.SUPABASE_CLI_SKIPS_FILE));
  }

  @Test
  void theCliSkipRuleAppliesToFilesOutsideTheStatementScopeToo() {
    LintReport report =
        Lint.files(
            SUPABASE.withStatementScope(file -> false), Lint.file("0042-create-users.sql", SQL));
    assertEquals(1, Lint.of(report, Rule.SUPABASE_CLI_SKIPS_FILE).size());
  }

  @Test
  void mixedWidthVersionsReportTheFilesThatMoveWithBothPositions() {
    // 8-digit dates among 14-digit timestamps: numerically every date comes first.
    LintReport report =
        Lint.files(
            LintConfig.defaults(),
            Lint.file("20230101120000_init.sql", SQL),
            Lint.file("20230201_add_orders.sql", SQL),
            Lint.file("20230301120000_add_items.sql", SQL),
            Lint.file("20230401_add_notes.sql", SQL),
            Lint.file("20230501120000_add_tags.sql", SQL));

    List<Finding> moved = Lint.of(report, Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER);
    assertEquals(
        List.of("migrations/20230201_add_orders.sql", "migrations/20230401_add_notes.sql"),
        moved.stream().map(Finding::file).sorted().toList(),
        Lint.describe(report));
    Finding notes =
        moved.stream().filter(f -> f.file().contains("notes")).findFirst().orElseThrow();
    assertEquals(Severity.WARNING, notes.severity());
    assertEquals(
        "Migrations run by version number (db.order): this file (20230401) runs 2 of 5, after"
            + " 20230201_add_orders.sql. By file name, as the Supabase CLI applies them, it would"
            + " run 4 of 5, after 20230301120000_add_items.sql. The set mixes versions of 8 and 14"
            + " digits, so 4 of 5 files change position; 2 moved file(s) are reported.",
        notes.message());
  }

  @Test
  void inFileNameOrderTheFindingSaysSoAndWhereNumbersWouldPutTheFile() {
    List<MigrationFile> byName =
        List.of(
            Lint.file("20230101120000_init.sql", SQL),
            Lint.file("20230201_add_orders.sql", SQL),
            Lint.file("20230301120000_add_items.sql", SQL));
    LintReport report =
        new Linter(LintConfig.defaults())
            .lint(new Discovery(byName, List.of(), List.of(), MigrationOrder.FILE_NAME), Lint.BASE);

    Finding moved = Lint.of(report, Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER).get(0);
    assertEquals(
        "Migrations run by file name, as the Supabase CLI applies them (db.order): this file"
            + " (20230201) runs 2 of 3, after 20230101120000_init.sql. By version number, it would"
            + " run 1 of 3, first. The set mixes versions of 8 and 14 digits, so 2 of 3 files"
            + " change position; 1 moved file(s) are reported.",
        moved.message());
  }

  @Test
  void inFileNameOrderAFileTheCliSkipsIsSaidToNeverRunWithBothWaysOut() {
    LintReport report =
        new Linter(LintConfig.defaults())
            .lint(
                new Discovery(
                    List.of(Lint.file("20230101120000_init.sql", SQL)),
                    List.of(Lint.BASE.resolve("migrations/V2__add_orders.sql")),
                    List.of(),
                    MigrationOrder.FILE_NAME),
                Lint.BASE);

    Finding skipped = Lint.of(report, Rule.UNPARSABLE_NAME).get(0);
    assertEquals(
        "'V2__add_orders.sql' does not match the Supabase CLI's pattern <digits>_<name>.sql, and"
            + " migrations here run as the CLI runs them (db.order), so this file never runs, as"
            + " the CLI skips it.",
        skipped.message());
    assertTrue(skipped.fix().contains("db.order=numeric"), skipped.fix());
  }

  @Test
  void aLargeMixedSetListsExactlyTheMinorityThatMoves() {
    // As in the real sets: dozens of files change position; the few odd-width ones are listed.
    List<MigrationFile> files = new ArrayList<>();
    List<String> dates = new ArrayList<>();
    for (int day = 1; day <= 28; day++) {
      files.add(Lint.file("202301%02d120000_step.sql".formatted(day), SQL));
      files.add(Lint.file("202302%02d120000_step.sql".formatted(day), SQL));
      if (day % 7 == 0) {
        String name = "202302%02d_date_named.sql".formatted(day);
        files.add(Lint.file(name, SQL));
        dates.add("migrations/" + name);
      }
    }
    files.sort(Comparator.comparing(MigrationFile::version));
    LintReport report = Lint.files(LintConfig.defaults(), files.toArray(MigrationFile[]::new));

    List<Finding> moved = Lint.of(report, Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER);
    assertEquals(dates, moved.stream().map(Finding::file).sorted().toList());
    assertTrue(
        moved.get(0).message().contains(" files change position; 4 moved file(s) are reported."));
    int changed =
        Integer.parseInt(moved.get(0).message().replaceAll(".* (\\d+) of 60 files change.*", "$1"));
    assertTrue(changed >= 32, moved.get(0).message());
  }

  @Test
  void uniformWidthsOrEqualVersionsGiveNoOrderFinding() {
    LintReport timestamps =
        Lint.files(
            LintConfig.defaults(),
            Lint.file("20230101120000_a.sql", SQL),
            Lint.file("20230102120000_b.sql", SQL),
            Lint.file("20230103120000-c.sql", SQL));
    assertEquals(List.of(), timestamps.findings(), Lint.describe(timestamps));

    LintReport padded =
        Lint.files(
            LintConfig.defaults(),
            Lint.file("001_a.sql", SQL),
            Lint.file("002_b.sql", SQL),
            Lint.file("010_c.sql", SQL),
            Lint.file("010a_d.sql", SQL));
    assertEquals(List.of(), padded.findings(), Lint.describe(padded));

    // 005 and 5 are one version: duplicate-version reports them, not this rule.
    LintReport duplicates =
        Lint.files(LintConfig.defaults(), Lint.file("005_a.sql", SQL), Lint.file("5_b.sql", SQL));
    assertEquals(List.of(), Lint.of(duplicates, Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER));
  }

  @Test
  void unpaddedNumbersAreReportedToo() {
    LintReport report =
        Lint.files(
            LintConfig.defaults(),
            Lint.file("1_a.sql", SQL),
            Lint.file("2_b.sql", SQL),
            Lint.file("10_c.sql", SQL));
    List<Finding> moved = Lint.of(report, Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER);
    assertEquals(List.of("migrations/10_c.sql"), moved.stream().map(Finding::file).toList());
    assertTrue(moved.get(0).message().contains("versions of 1 and 2 digits"));
  }

  @Test
  void theOrderRuleCanBeSuppressedForTheFile() {
    LintReport report =
        Lint.files(
            LintConfig.defaults(),
            Lint.file("1_a.sql", SQL),
            Lint.file("2_b.sql", SQL),
            Lint.file(
                "10_c.sql",
                "-- db:ignore version-order-differs-from-name-order applied everywhere already\n"
                    + SQL));
    assertEquals(List.of(), report.findings(), Lint.describe(report));
  }
}
