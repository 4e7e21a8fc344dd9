package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.migration.Discovery;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationOrder;
import io.github.pgkeeper.core.migration.SupabaseHistory;
import io.github.pgkeeper.core.migration.Version;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The static checks of db:validate over a scanned migration set: naming and duplicate versions,
 * then each file's lexical, transaction and statement rules, then the rules over the whole set
 * (row-level security). Needs no database. Its cost is linear in the size of the set: every file is
 * lexed once, and every rule looks at a statement's own tokens plus constant-time look-ups;
 * comparing the version order with the name order sorts the set once (O(n log n)).
 */
public final class Linter {
  private final LintConfig config;
  private final Map<String, FileContext> files = new HashMap<>();

  public Linter(LintConfig config) {
    this.config = config;
  }

  /**
   * @param baseDirectory the project's folder: paths in findings are relative to it
   */
  public LintReport lint(Discovery discovery, Path baseDirectory) {
    FindingCollector out = new FindingCollector(config);
    Path base = baseDirectory.toAbsolutePath().normalize();
    SetFacts facts = new SetFacts();
    FileLinter fileLinter = new FileLinter(out, facts, config.serverMajorVersion());
    int statements = 0;
    for (MigrationFile migration : discovery.migrations()) {
      FileContext file =
          new FileContext(
              migration.displayPath(), config.statementScope().test(migration), new Suppressions());
      files.put(file.path(), file);
      statements += fileLinter.lint(migration, file);
    }
    // After the files: their db:ignore comments are known, and may cover naming rules too.
    checkNames(discovery, base, out);
    facts.report(out);
    return new LintReport(out.findings(), discovery.migrations().size(), statements);
  }

  private void checkNames(Discovery discovery, Path base, FindingCollector out) {
    for (Map.Entry<Version, List<MigrationFile>> duplicate :
        discovery.duplicateVersions().entrySet()) {
      if (config.allowedDuplicates().contains(duplicate.getKey())) {
        continue;
      }
      for (MigrationFile file : duplicate.getValue()) {
        String others =
            duplicate.getValue().stream()
                .filter(other -> other != file)
                .map(MigrationFile::displayPath)
                .collect(Collectors.joining(", "));
        out.add(
            context(file.displayPath()),
            0,
            Rule.DUPLICATE_VERSION,
            1,
            1,
            "Version "
                + file.version()
                + " is also used by "
                + others
                + " (versions compare numerically, so 005 and 5 are the same).");
      }
    }
    for (MigrationFile file : discovery.migrations()) {
      if (file.description().isEmpty()) {
        out.add(
            context(file.displayPath()),
            0,
            Rule.MISSING_DESCRIPTION,
            1,
            1,
            "The file name gives version " + file.version() + " but no description.");
      }
    }
    if (config.historyMode() == HistoryMode.SUPABASE) {
      checkSupabaseNames(discovery, out);
    }
    if (out.enabled(Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER)) {
      checkNameOrder(discovery, out);
    }
    for (Path path : discovery.unparsableNames()) {
      String name = path.getFileName().toString();
      if (!discovery.order().acceptsName(name)) {
        // A name pgkeeper's own rules accept, skipped because migrations run as the CLI runs them.
        out.add(
            context(display(base, path)),
            0,
            Rule.UNPARSABLE_NAME,
            1,
            1,
            "'"
                + name
                + "' does not match the Supabase CLI's pattern <digits>_<name>.sql, and migrations"
                + " here run as the CLI runs them (db.order), so this file never runs, as the CLI"
                + " skips it.",
            "rename it <digits>_<description>.sql, such as 20240101120000_add_orders.sql, or set"
                + " db.order=numeric to run it by pgkeeper's naming rules");
        continue;
      }
      out.add(
          context(display(base, path)),
          0,
          Rule.UNPARSABLE_NAME,
          1,
          1,
          "'" + name + "' is not a migration name, so this file never runs.");
    }
    for (Path path : discovery.ignoredInSubfolders()) {
      out.add(
          context(display(base, path)),
          0,
          Rule.IGNORED_FILE,
          1,
          1,
          "Files in subfolders are not migrations unless recursive is on; this one is left out.");
    }
  }

  private void checkSupabaseNames(Discovery discovery, FindingCollector out) {
    for (MigrationFile file : discovery.migrations()) {
      file.down()
          .filter(
              down -> SupabaseHistory.cliRuns(Path.of(down.displayPath()).getFileName().toString()))
          .ifPresent(
              down ->
                  out.add(
                      context(down.displayPath()),
                      0,
                      Rule.SUPABASE_CLI_RUNS_DOWN_FILE,
                      1,
                      1,
                      "The Supabase CLI would run '"
                          + Path.of(down.displayPath()).getFileName()
                          + "' as a migration of its own (version "
                          + file.version()
                          + " again), undoing "
                          + file.displayPath()
                          + " right after applying it."));
      String name = file.path().getFileName().toString();
      if (SupabaseHistory.cliRuns(name)) {
        continue;
      }
      String version = file.version().toString();
      String rename =
          version.chars().allMatch(Character::isDigit) && !file.description().isEmpty()
              ? "rename it "
                  + version
                  + "_"
                  + file.description().replace(' ', '_')
                  + ".sql before it is applied anywhere"
              : Rule.SUPABASE_CLI_SKIPS_FILE.fix();
      out.add(
          context(file.displayPath()),
          0,
          Rule.SUPABASE_CLI_SKIPS_FILE,
          1,
          1,
          "pgkeeper runs '"
              + name
              + "' as version "
              + version
              + ", but the Supabase CLI only runs files named <digits>_<name>.sql and skips this"
              + " one without a word, so supabase db push and the plugin would disagree.",
          rename);
    }
  }

  private void checkNameOrder(Discovery discovery, FindingCollector out) {
    NameOrder.Result order = NameOrder.compare(discovery.migrations());
    String widths =
        order.widths().size() > 1
            ? "the set mixes versions of " + and(order.widths()) + " digits"
            : "versions and names sort differently";
    MigrationOrder used = discovery.order();
    for (NameOrder.Moved moved : order.moved()) {
      boolean numeric = used == MigrationOrder.NUMERIC;
      out.add(
          context(moved.file().displayPath()),
          0,
          Rule.VERSION_ORDER_DIFFERS_FROM_NAME_ORDER,
          1,
          1,
          "Migrations run "
              + used.description()
              + " (db.order): this file ("
              + moved.file().version()
              + ") runs "
              + position(
                  numeric ? moved.byVersion() : moved.byName(),
                  order.total(),
                  numeric ? moved.runsAfter() : moved.listedAfter())
              + ". "
              + capitalize(used.other().description())
              + ", it would run "
              + position(
                  numeric ? moved.byName() : moved.byVersion(),
                  order.total(),
                  numeric ? moved.listedAfter() : moved.runsAfter())
              + ". "
              + capitalize(widths)
              + ", so "
              + order.changedPositions()
              + " of "
              + order.total()
              + " files change position; "
              + order.moved().size()
              + " moved file(s) are reported.");
    }
  }

  /** {@code 2 of 5, after 20230201_add_orders.sql}, or {@code 1 of 5, first}. */
  private static String position(int place, int total, MigrationFile after) {
    return place
        + " of "
        + total
        + (after == null ? ", first" : ", after " + after.path().getFileName());
  }

  /** {@code 8 and 14}, {@code 3, 8 and 14}. */
  private static String and(List<Integer> numbers) {
    String all = numbers.stream().map(String::valueOf).collect(Collectors.joining(", "));
    int last = all.lastIndexOf(", ");
    return all.substring(0, last) + " and " + all.substring(last + 2);
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /**
   * Findings from other checks (online, shadow), with the configured severities and the files'
   * file-wide {@code -- db:ignore} comments applied. Call after {@link #lint}.
   */
  public List<Finding> adopt(List<Finding> findings) {
    FindingCollector out = new FindingCollector(config);
    for (Finding finding : findings) {
      out.add(
          files.getOrDefault(finding.file(), FileContext.of(finding.file())),
          0,
          finding.rule(),
          finding.line(),
          finding.column(),
          finding.message(),
          finding.fix());
    }
    return out.findings();
  }

  /** One context per path, so a file's suppressions also cover the checks that run later. */
  FileContext context(String path) {
    return files.computeIfAbsent(path, FileContext::of);
  }

  private static String display(Path base, Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(base)
        ? base.relativize(absolute).toString().replace('\\', '/')
        : absolute.toString();
  }
}
