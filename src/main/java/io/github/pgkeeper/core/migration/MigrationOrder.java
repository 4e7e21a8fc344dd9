package io.github.pgkeeper.core.migration;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The order migrations run in, and with it what "older than the newest applied one" means. One
 * value decides it for migrate, status, validate, rollback and baseline alike.
 *
 * <p>The two differ only when versions have mixed widths: by number {@code 20230315} (8 digits)
 * runs before {@code 20230101120000} (14 digits); by file name it runs after it.
 */
public enum MigrationOrder {
  /**
   * Versions compare as numbers, segment by segment ({@code 005} = {@code 5}, {@code 1.10} after
   * {@code 1.9}): the order of Flyway-style and numbered sets.
   */
  NUMERIC("by version number"),
  /**
   * The Supabase CLI's order: file names compared byte by byte, as {@code ListLocalMigrations}
   * (supabase/cli, pkg/migration/list.go) gets them from Go's {@code fs.ReadDir}, which sorts by
   * name. Only files that match the CLI's {@code ^([0-9]+)_(.*)\.sql$} are migrations (its
   * pkg/migration/file.go); it skips the others.
   */
  FILE_NAME("by file name, as the Supabase CLI applies them");

  /**
   * The CLI skips {@code <timestamp>_init.sql} older than 2021-12-09 when it is the folder's first
   * entry (supabase/cli, pkg/migration/list.go, shouldSkip): a schema dump older CLIs wrote.
   */
  private static final Pattern SUPABASE_CLI_OLD_INIT = Pattern.compile("([0-9]{14})_init\\.sql");

  private static final long SUPABASE_CLI_INIT_CUTOFF = 20211209000000L;

  private final String description;

  MigrationOrder(String description) {
    this.description = description;
  }

  /** How messages name this order: {@code by version number}, {@code by file name, as ...}. */
  public String description() {
    return description;
  }

  /** The other order, for messages that say what would change. */
  public MigrationOrder other() {
    return this == NUMERIC ? FILE_NAME : NUMERIC;
  }

  /**
   * Compares two versions as this order places their files. By file name, a version is compared as
   * the start of its file name, {@code <digits>_}: that gives the same result as comparing the
   * whole names whenever the versions differ, since a digit never equals the underscore.
   */
  public int compare(Version a, Version b) {
    return this == NUMERIC ? a.compareTo(b) : compareBytes(a + "_", b + "_");
  }

  /** The order files run in; files of equal version by name, then by path, to stay stable. */
  public Comparator<MigrationFile> files() {
    Comparator<MigrationFile> byVersion = (a, b) -> compare(a.version(), b.version());
    return byVersion
        .thenComparing((a, b) -> compareBytes(fileName(a), fileName(b)))
        .thenComparing(MigrationFile::displayPath);
  }

  /**
   * Whether the Supabase CLI would run {@code fileName}: false for names outside its pattern. Only
   * asked in file-name order, whose promise is to run what the CLI runs.
   */
  public boolean acceptsName(String fileName) {
    return this == NUMERIC || SupabaseHistory.cliRuns(fileName);
  }

  /** Whether the CLI skips {@code fileName} as an old init dump, being the folder's first entry. */
  boolean skipsAsOldInit(String firstEntryName) {
    if (this == NUMERIC) {
      return false;
    }
    var matcher = SUPABASE_CLI_OLD_INIT.matcher(firstEntryName);
    // Go's FindStringSubmatch finds the pattern anywhere in the name, as find() does.
    return matcher.find() && Long.parseLong(matcher.group(1)) < SUPABASE_CLI_INIT_CUTOFF;
  }

  /**
   * {@code numeric}, {@code filename} or {@code auto} (null: decided from the project), in any
   * case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static MigrationOrder parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "numeric" -> NUMERIC;
      case "filename", "file-name", "file_name" -> FILE_NAME;
      case "auto", "" -> null;
      default ->
          throw new IllegalArgumentException(
              "Unknown migration order '" + text + "': use numeric, filename or auto.");
    };
  }

  /**
   * The order for {@code auto}: the Supabase CLI's when the project is a Supabase project, by any
   * sign the caller found (the Supabase history mode, the Supabase flavour, a {@code supabase/}
   * folder), numeric otherwise.
   */
  public static MigrationOrder forProject(boolean supabaseProject) {
    return supabaseProject ? FILE_NAME : NUMERIC;
  }

  private static String fileName(MigrationFile file) {
    return file.path().getFileName().toString();
  }

  /** Go compares strings byte by byte (UTF-8); Java's compareTo differs beyond the BMP. */
  static int compareBytes(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
