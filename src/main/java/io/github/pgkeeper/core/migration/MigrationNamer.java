package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and writes the next migration file, in the style the set already uses, judged by its newest
 * file:
 *
 * <ul>
 *   <li>{@code 20240101120000_x.sql} (Supabase CLI), or no migrations yet: a UTC timestamp from the
 *       clock, or the newest timestamp plus one second when the clock is not ahead of it;
 *   <li>{@code 012_x.sql}, {@code 9_x.sql}, {@code 127a_x.sql}: the next number, zero-padded to the
 *       width of the newest file's number ({@code 013}, {@code 10}, {@code 128});
 *   <li>{@code V1.2__x.sql}: the next major version ({@code V2__x.sql}).
 * </ul>
 *
 * The description becomes lower_snake_case. An existing file is never overwritten.
 */
public final class MigrationNamer {
  private static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.YEAR, 4)
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final Pattern LEADING_DIGITS = Pattern.compile("(\\d+)(.*)");
  private static final Pattern TIMESTAMP_VERSION = Pattern.compile("\\d{14}");

  private final Path displayBase;
  private final Logger log;
  private final Clock clock;

  /**
   * @param displayBase the folder the created file is shown relative to (the project's base
   *     directory)
   * @param clock the source of timestamps, both for timestamp versions and the file's header
   */
  public MigrationNamer(Path displayBase, Logger log, Clock clock) {
    this.displayBase = displayBase.toAbsolutePath().normalize();
    this.log = log;
    this.clock = clock;
  }

  /**
   * Writes the next migration into {@code location}, creating the folder if needed, and logs its
   * path.
   *
   * @param existing the migrations found so far (in any order), which decide the style and version
   * @param description what the migration does, in a few words; it becomes the file name
   * @return the new file
   * @throws PgKeeperException if the description is empty, the file already exists or cannot be
   *     written
   */
  public Path create(List<MigrationFile> existing, Path location, String description) {
    String words = snakeCase(description);
    String version = nextVersion(existing);
    Path file = location.resolve(fileName(version, words)).toAbsolutePath().normalize();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String header =
        "-- Migration "
            + version.replaceFirst("^V", "")
            + ": "
            + words.replace('_', ' ')
            + "\n-- Created "
            + now
            + " by db:new. Write the change below; it runs in one transaction.\n\n";
    Path folder = file.getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot create the migration folder " + display(folder) + ": " + reason(e),
          Setting.LOCATIONS,
          e);
    }
    try {
      Files.writeString(file, header, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new PgKeeperException(
          display(file)
              + " already exists and was left as it is. Give the new migration another name.",
          Setting.NEW_NAME,
          e);
    } catch (IOException e) {
      throw new PgKeeperException("Cannot write " + display(file) + ": " + reason(e), null, e);
    }
    log.info("Created " + display(file));
    return file;
  }

  /**
   * The name the next migration after {@code existing} gets, such as {@code 013_add_bookings.sql}.
   *
   * @throws PgKeeperException if the description is empty or has no letters or digits
   */
  public String nextFileName(List<MigrationFile> existing, String description) {
    return fileName(nextVersion(existing), snakeCase(description));
  }

  private static String fileName(String version, String words) {
    return version + (version.startsWith("V") ? "__" : "_") + words + ".sql";
  }

  /** The version part of the next file name: {@code 013}, {@code V2}, {@code 20240101120000}. */
  private String nextVersion(List<MigrationFile> existing) {
    MigrationFile newest =
        existing.stream().max(Comparator.comparing(MigrationFile::version)).orElse(null);
    if (newest == null) {
      return TIMESTAMP.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    }
    String text = newest.version().toString();
    Matcher digits = LEADING_DIGITS.matcher(text);
    if (!digits.matches()) {
      throw new IllegalStateException("version without a number: " + text);
    }
    BigInteger first = new BigInteger(digits.group(1));
    if (newest.path().getFileName().toString().startsWith("V")) {
      return "V" + first.add(BigInteger.ONE);
    }
    if (TIMESTAMP_VERSION.matcher(text).matches()) {
      return nextTimestamp(text);
    }
    int width = digits.group(1).length();
    return String.format(Locale.ROOT, "%0" + width + "d", first.add(BigInteger.ONE));
  }

  private String nextTimestamp(String newest) {
    String now = TIMESTAMP.format(LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    if (new BigInteger(now).compareTo(new BigInteger(newest)) > 0) {
      return now;
    }
    try {
      return TIMESTAMP.format(LocalDateTime.parse(newest, TIMESTAMP).plusSeconds(1));
    } catch (DateTimeException notADate) {
      return new BigInteger(newest).add(BigInteger.ONE).toString();
    }
  }

  /**
   * {@code "Add Bookings-Table!"} gives {@code add_bookings_table}: lower case, spaces and dashes
   * turned into underscores, accents dropped, anything but letters, digits and underscores removed.
   */
  static String snakeCase(String description) {
    if (description == null || description.isBlank()) {
      throw new PgKeeperException(
          "The new migration needs a name, a few words on what it does, such as add_bookings;"
              + " it becomes part of the file name.",
          Setting.NEW_NAME);
    }
    String words =
        Normalizer.normalize(description, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[\\s-]", "_")
            .replaceAll("[^a-z0-9_]", "")
            .replaceAll("_+", "_")
            .replaceAll("^_|_$", "");
    if (words.isEmpty()) {
      throw new PgKeeperException(
          "The name '"
              + description
              + "' has no letters or digits to name the migration file after. Use a name such"
              + " as add_bookings.",
          Setting.NEW_NAME);
    }
    return words;
  }

  private static String reason(IOException e) {
    return e instanceof FileAlreadyExistsException
        ? "a file of that name is in the way"
        : e.getClass().getSimpleName() + " " + e.getMessage();
  }

  private String display(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(displayBase)
        ? displayBase.relativize(absolute).toString().replace('\\', '/')
        : absolute.toString();
  }
}
