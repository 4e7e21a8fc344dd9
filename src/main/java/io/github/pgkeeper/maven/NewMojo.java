package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.migration.MigrationNamer;
import io.github.pgkeeper.core.migration.MigrationScanner;
import io.github.pgkeeper.core.migration.SupabaseProject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates the next migration file in the first location, named in the style the set already uses
 * ({@code 013_add_bookings.sql}, {@code 20240101120000_add_bookings.sql} or {@code
 * V2__add_bookings.sql}), and prints its path. Needs no database.
 */
@Mojo(name = "new", threadSafe = true, requiresProject = true)
public class NewMojo extends AbstractDbMojo {
  /** What the migration does, in a few words; it becomes lower_snake_case in the file name. */
  @Parameter(property = "name")
  String name;

  /**
   * Folders holding the migration scripts; the new file goes into the first one. By default
   * migrations/, or the Supabase CLI's supabase/migrations when only that exists.
   */
  @Parameter(property = "db.locations")
  File[] locations;

  /** Also scan subfolders of the locations when looking for the newest migration. */
  @Parameter(property = "db.recursive", defaultValue = "false")
  boolean recursive;

  /** Skips db:new only. */
  @Parameter(property = "db.new.skip", defaultValue = "false")
  boolean skipNew;

  @Override
  boolean skipGoal() {
    return skipNew;
  }

  @Override
  void run() {
    Path base = project.getBasedir().toPath();
    List<Path> folders =
        locations == null || locations.length == 0
            ? SupabaseProject.defaultLocations(base, logger())
            : Arrays.stream(locations).map(File::toPath).toList();
    Path target = folders.get(0);
    // The first folder is created if missing, so the scanner need not warn that it is absent.
    List<Path> scanned =
        folders.stream().filter(f -> !f.equals(target) || Files.isDirectory(f)).toList();
    var existing = new MigrationScanner(base, logger()).scan(scanned, recursive).migrations();
    new MigrationNamer(base, logger(), Clock.systemUTC()).create(existing, target, name);
  }
}
