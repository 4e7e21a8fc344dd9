package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A project laid out as the Supabase CLI lays it out: {@code supabase/config.toml}, {@code
 * supabase/migrations/}, {@code supabase/seed.sql}. Finds its migrations without configuration, and
 * decides from the signs that this is a Supabase project whether migrations run in the CLI's order.
 */
public final class SupabaseProject {
  /** The CLI's project folder, beside the build file. */
  public static final String FOLDER = "supabase";

  /** Our own default location, relative to the project. */
  public static final String DEFAULT_LOCATION = "migrations";

  private SupabaseProject() {}

  /**
   * Whether a migration location lies inside a folder named {@code supabase}: also one beside the
   * Maven module, as in a monorepo ({@code ../supabase/migrations}).
   */
  private static boolean insideACliFolder(Path location) {
    for (Path part = location.toAbsolutePath().normalize(); part != null; part = part.getParent()) {
      if (part.getFileName() != null && part.getFileName().toString().equals(FOLDER)) {
        return true;
      }
    }
    return false;
  }

  /** The CLI's project folder of {@code base}. */
  public static Path folder(Path base) {
    return base.resolve(FOLDER);
  }

  /**
   * The locations to scan when none is configured: {@code migrations/}, or the CLI's {@code
   * supabase/migrations/} when only that exists (said at info, since it is a choice made for the
   * user).
   */
  public static List<Path> defaultLocations(Path base, Logger log) {
    Path ours = base.resolve(DEFAULT_LOCATION);
    Path cli = folder(base).resolve("migrations");
    if (!Files.isDirectory(ours) && Files.isDirectory(cli)) {
      log.info(
          "No <locations> configured and "
              + DEFAULT_LOCATION
              + "/ does not exist: using "
              + FOLDER
              + "/migrations, the Supabase CLI's folder.");
      return List.of(cli);
    }
    return List.of(ours);
  }

  /**
   * The order migrations run in: {@code configured}, or for {@code auto} (null) the Supabase CLI's
   * file-name order when this is a Supabase project, numeric otherwise. A project is a Supabase
   * project when it keeps the CLI's history ({@code historyMode=supabase}), when its database is
   * the Supabase flavour, or when it has the CLI's {@code supabase/} folder ({@code config.toml} or
   * {@code migrations/}) or its migrations lie inside that folder.
   */
  public static MigrationOrder order(
      MigrationOrder configured,
      HistoryMode historyMode,
      boolean supabaseFlavor,
      Path base,
      List<Path> locations,
      Logger log) {
    if (configured != null) {
      return configured;
    }
    Optional<String> sign = sign(historyMode, supabaseFlavor, base, locations);
    sign.ifPresent(
        why ->
            log.info(
                "Migrations run in the Supabase CLI's order, by file name ("
                    + why
                    + "; db.order=numeric runs them by version number)."));
    return MigrationOrder.forProject(sign.isPresent());
  }

  /**
   * What says this is a Supabase project, if anything does: the one rule for the migration order
   * and for db:validate's Supabase checks (which also look at the SQL, see {@code
   * SupabaseDetection}).
   */
  public static Optional<String> sign(
      HistoryMode historyMode, boolean supabaseFlavor, Path base, List<Path> locations) {
    List<String> signs = new ArrayList<>();
    if (historyMode == HistoryMode.SUPABASE) {
      signs.add("historyMode=supabase");
    }
    if (supabaseFlavor) {
      signs.add("the database is the Supabase flavour");
    }
    Path folder = folder(base).toAbsolutePath().normalize();
    if (Files.isRegularFile(folder.resolve("config.toml"))
        || Files.isDirectory(folder.resolve("migrations"))
        || locations.stream().anyMatch(SupabaseProject::insideACliFolder)) {
      signs.add("the project has the Supabase CLI's " + FOLDER + "/ folder");
    }
    return signs.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", signs));
  }
}
