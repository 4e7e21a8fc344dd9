package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds migration scripts: the {@code .sql} files directly inside each location, or in its
 * subfolders too when {@code recursive}. Subfolders (such as {@code archive/}) are left out by
 * default because teams keep retired scripts there.
 */
public final class MigrationScanner {
  private static final String DOWN_SUFFIX = ".down.sql";
  private final Path displayBase;
  private final Logger log;

  /**
   * @param displayBase the folder file names in messages are relative to (the project's base
   *     directory); files outside it are shown with their absolute path
   */
  public MigrationScanner(Path displayBase, Logger log) {
    this.displayBase = displayBase.toAbsolutePath().normalize();
    this.log = log;
  }

  /** Scans in numeric order, for callers that only list files (db:new). */
  public Discovery scan(List<Path> locations, boolean recursive) {
    return scan(locations, recursive, MigrationOrder.NUMERIC);
  }

  /**
   * The migrations of {@code locations} in {@code order}. In file-name order, the Supabase CLI's,
   * only the files the CLI runs are migrations; the others are skipped with a warning, as the CLI
   * skips them.
   */
  public Discovery scan(List<Path> locations, boolean recursive, MigrationOrder order) {
    List<MigrationFile> migrations = new ArrayList<>();
    List<Path> unparsable = new ArrayList<>();
    List<Path> ignored = new ArrayList<>();
    for (Path location : locations) {
      Path root = location.toAbsolutePath().normalize();
      if (!Files.isDirectory(root)) {
        log.warn(
            "Migration location "
                + display(root)
                + " does not exist or is not a folder; it holds no migrations.");
        continue;
      }
      List<Path> files = sqlFiles(root);
      Path oldInit = order.skipsAsOldInit(firstEntry(root)) ? root.resolve(firstEntry(root)) : null;
      // Down scripts are read together with their migration; those left over have none.
      java.util.Set<Path> downScripts = new java.util.LinkedHashSet<>();
      for (Path file : files) {
        if (isDownScript(file.getFileName().toString())
            && (recursive || file.getParent().equals(root))) {
          downScripts.add(file);
        }
      }
      for (Path file : files) {
        boolean nested = !file.getParent().equals(root);
        if (nested && !recursive) {
          ignored.add(file);
          continue;
        }
        String name = file.getFileName().toString();
        if (isDownScript(name)) {
          continue;
        }
        if (file.equals(oldInit)) {
          log.warn(
              "Skipping "
                  + display(file)
                  + ": the Supabase CLI skips an init file older than 2021-12-09 that comes first"
                  + " in its folder (a schema dump of old CLI versions), and migrations here run as"
                  + " the CLI runs them (db.order). Rename it to apply it.");
          unparsable.add(file);
          continue;
        }
        if (!order.acceptsName(name)) {
          log.warn(
              "Skipping "
                  + display(file)
                  + ": migrations here run as the Supabase CLI runs them (db.order resolves to"
                  + " filename), and the CLI only runs files named <digits>_<name>.sql. Rename it,"
                  + " or set db.order=numeric to run it by pgkeeper's naming rules.");
          unparsable.add(file);
          continue;
        }
        Optional<MigrationFileName> parsed = MigrationFileName.parse(name);
        if (parsed.isEmpty()) {
          log.warn(
              "Skipping "
                  + display(file)
                  + ": its name is not a migration name. Use NNN_description.sql,"
                  + " YYYYMMDDHHMMSS_description.sql or V1.2__description.sql.");
          unparsable.add(file);
          continue;
        }
        Path downFile = downScriptOf(file);
        migrations.add(
            read(file, root, parsed.get(), downScripts.remove(downFile) ? downFile : null));
      }
      for (Path orphan : downScripts) {
        log.warn(
            "Skipping "
                + display(orphan)
                + ": no migration "
                + orphan.getFileName().toString().replaceFirst("(?i)\\.down\\.sql$", ".sql")
                + " beside it to undo.");
      }
    }
    if (!ignored.isEmpty()) {
      log.debug(ignored.size() + " .sql file(s) in subfolders were left out: " + ignored);
    }
    migrations.sort(order.files());
    return new Discovery(
        List.copyOf(migrations), List.copyOf(unparsable), List.copyOf(ignored), order);
  }

  /** The name of the folder's first entry by name (folders and other files count), or "". */
  private String firstEntry(Path root) {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .map(p -> p.getFileName().toString())
          .min(MigrationOrder::compareBytes)
          .orElse("");
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot list migration location " + display(root) + ": " + e.getMessage(),
          Setting.LOCATIONS,
          e);
    }
  }

  private List<Path> sqlFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.getFileName().toString().toLowerCase().endsWith(".sql"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot list migration location " + display(root) + ": " + e.getMessage(),
          Setting.LOCATIONS,
          e);
    }
  }

  /** Reads a migration, and its down script if {@code downFile} is not null. */
  private MigrationFile read(Path file, Path root, MigrationFileName name, Path downFile) {
    String content = Checksums.normalize(decode(file));
    Optional<MigrationFile.DownScript> down =
        downFile != null
            ? Optional.of(
                new MigrationFile.DownScript(
                    display(downFile), Checksums.normalize(decode(downFile))))
            : Optional.empty();
    return new MigrationFile(
        name.version(),
        name.description(),
        root.relativize(file).toString().replace('\\', '/'),
        file,
        display(file),
        content,
        Checksums.sha256(content),
        down);
  }

  /** {@code 003_add_orders.down.sql} undoes {@code 003_add_orders.sql}. */
  private static boolean isDownScript(String fileName) {
    return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(DOWN_SUFFIX);
  }

  private static Path downScriptOf(Path migration) {
    String name = migration.getFileName().toString();
    return migration.resolveSibling(
        name.substring(0, name.length() - ".sql".length()) + DOWN_SUFFIX);
  }

  private String decode(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new PgKeeperException("Cannot read " + display(file) + ": " + e.getMessage(), null, e);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PgKeeperException(
          display(file) + " is not valid UTF-8. Save it as UTF-8 (PostgreSQL reads it as such).");
    }
  }

  private String display(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(displayBase)
        ? displayBase.relativize(absolute).toString().replace('\\', '/')
        : absolute.toString();
  }
}
