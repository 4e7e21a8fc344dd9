package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.schema.DriftMigration;
import io.github.pgkeeper.core.schema.SchemaDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What db:diff found.
 *
 * @param diff the live schema against the one the migrations produce
 * @param live the live database, masked, for the report
 * @param liveServerVersion the live server's version, such as {@code 16.4}
 * @param shadow where the migrations were built, for the report
 * @param suggestedMigration the file the adoption migration would be, as the next migration after
 *     the others ({@code migrations/V4__adopt_drift.sql})
 */
public record DriftResult(
    SchemaDiff diff,
    String live,
    String liveServerVersion,
    String shadow,
    Path suggestedMigration) {

  public int count() {
    return diff.differences().size();
  }

  /** The migration that adopts the drift, under a title saying what made it. */
  public String migration(String title) {
    return DriftMigration.write(diff, title);
  }

  /** The lines for the build log: what was compared, then every difference. */
  public List<String> report(List<String> schemas) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Compared schema(s) "
            + String.join(", ", schemas)
            + " of "
            + live
            + " (PostgreSQL "
            + liveServerVersion
            + ") with its migrations, built on "
            + shadow
            + ".");
    for (String warning : diff.live().warnings()) {
      lines.add("Not compared: " + warning);
    }
    if (diff.isEmpty()) {
      lines.add("No drift: the live schema is the one the migrations produce.");
      return lines;
    }
    lines.add(
        count()
            + " difference(s) (added: only in the live database; removed: made by the migrations,"
            + " gone from it; changed: - migrations, + live):");
    lines.addAll(diff.report());
    return lines;
  }

  /**
   * Writes the adoption migration to a new file.
   *
   * @throws PgKeeperException when the file exists (it is never overwritten) or cannot be written
   */
  public void writeMigration(Path file, String title) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      if (folder != null) {
        Files.createDirectories(folder);
      }
      Files.writeString(
          file, migration(title), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      throw new PgKeeperException(
          file
              + " exists and was left as it is: db:diff never overwrites a migration. Name"
              + " another file, such as "
              + suggestedMigration
              + ".",
          Setting.DIFF_OUTPUT,
          e);
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot write the adoption migration to " + file + ": " + e.getMessage(),
          Setting.DIFF_OUTPUT,
          e);
    }
  }
}
