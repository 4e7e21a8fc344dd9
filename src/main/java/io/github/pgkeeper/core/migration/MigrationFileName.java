package io.github.pgkeeper.core.migration;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version and description encoded in a migration's file name. Accepted forms:
 *
 * <ul>
 *   <li>{@code 001_create_users.sql}, {@code 127a_fix.sql}: a number, optionally with a letter
 *       suffix;
 *   <li>{@code 20240101120000_create_users.sql}: a timestamp, as the Supabase CLI writes them;
 *   <li>{@code 0042-create-users.sql}: a dash after the number, as Penpot's and Lovable-generated
 *       projects name them; {@code 20240101120000_9b2f0c7e-…-4d1a.sql}, a UUID as the description,
 *       fits the forms above;
 *   <li>{@code V1.2.3__create_users.sql} and {@code V1_2__create_users.sql}: Flyway's form, where
 *       single underscores inside the version stand for dots.
 * </ul>
 *
 * Underscores in the description become spaces. A name without a description ({@code 005.sql}) is
 * accepted with an empty one.
 */
public record MigrationFileName(Version version, String description) {
  private static final Pattern FLYWAY =
      Pattern.compile("V(\\d+(?:[._]\\d+)*[a-zA-Z]?)(?:__(.*))?\\.(?i:sql)");
  private static final Pattern NUMBERED =
      Pattern.compile("(\\d+[a-zA-Z]?)(?:[_-](.*))?\\.(?i:sql)");

  /** The parsed name, or empty if {@code fileName} is not in one of the accepted forms. */
  public static Optional<MigrationFileName> parse(String fileName) {
    Matcher flyway = FLYWAY.matcher(fileName);
    if (flyway.matches()) {
      String version = flyway.group(1).replace('_', '.');
      return Optional.of(of(version, flyway.group(2)));
    }
    Matcher numbered = NUMBERED.matcher(fileName);
    if (numbered.matches()) {
      return Optional.of(of(numbered.group(1), numbered.group(2)));
    }
    return Optional.empty();
  }

  private static MigrationFileName of(String version, String description) {
    String words = description == null ? "" : description.replace('_', ' ').trim();
    return new MigrationFileName(Version.parse(version), words);
  }
}
