package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a scan of the migration locations found: the migrations in the order they run ({@code
 * order}), the {@code .sql} files that are not migrations (by name, or because the order's rules
 * skip them), and those left out because they sit in a subfolder.
 */
public record Discovery(
    List<MigrationFile> migrations,
    List<Path> unparsableNames,
    List<Path> ignoredInSubfolders,
    MigrationOrder order) {

  /** A scan in numeric order. */
  public Discovery(
      List<MigrationFile> migrations, List<Path> unparsableNames, List<Path> ignoredInSubfolders) {
    this(migrations, unparsableNames, ignoredInSubfolders, MigrationOrder.NUMERIC);
  }

  /** Versions used by more than one file, each with its files. */
  public Map<Version, List<MigrationFile>> duplicateVersions() {
    Map<Version, List<MigrationFile>> byVersion = new LinkedHashMap<>();
    for (MigrationFile file : migrations) {
      byVersion.computeIfAbsent(file.version(), v -> new ArrayList<>()).add(file);
    }
    byVersion.values().removeIf(files -> files.size() < 2);
    return byVersion;
  }

  /**
   * The migrations, provided no version is used twice.
   *
   * @throws PgKeeperException listing every duplicate version and its files
   */
  public List<MigrationFile> requireUniqueVersions() {
    Map<Version, List<MigrationFile>> duplicates = duplicateVersions();
    if (duplicates.isEmpty()) {
      return migrations;
    }
    String list =
        duplicates.entrySet().stream()
            .map(
                e ->
                    "  version "
                        + e.getKey().normalized()
                        + ": "
                        + e.getValue().stream()
                            .map(MigrationFile::displayPath)
                            .collect(Collectors.joining(", ")))
            .collect(Collectors.joining("\n"));
    throw new PgKeeperException(
        "Two or more migration files share a version (versions compare numerically, so 005 and 5"
            + " are the same):\n"
            + list
            + "\nRenumber all but one of each, or move the extra files out of the migration"
            + " locations.",
        Setting.LOCATIONS);
  }
}
