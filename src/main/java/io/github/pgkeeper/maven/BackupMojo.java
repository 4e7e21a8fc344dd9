package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.backup.BackupResult;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Backs up the data of the database into one compressed, checksummed tar archive: every selected
 * table from one snapshot, with the schema's migration history and scripts. Bound to no phase: run
 * it explicitly ({@code mvn db:backup}) or from a profile. Publishes {@code db.backup.file}.
 */
@Mojo(name = "backup", threadSafe = true)
public class BackupMojo extends AbstractMigrationMojo {
  /**
   * The archive to write, by default {@code <directory>/<database>-<UTC time>.tar}. A pipe or a
   * device is written straight: to pipe a backup, use {@code /dev/fd/3} with {@code 3>&1 1>&2}, as
   * Maven writes to standard output too; {@code -} writes to standard output.
   */
  @Parameter(property = "db.backup.file")
  String file;

  /**
   * The folder of the default archive name, created readable by its owner only; keep it out of
   * target/ so mvn clean spares it.
   */
  @Parameter(property = "db.backup.directory", defaultValue = "${project.basedir}/backups")
  File directory;

  /** {@code zstd}, {@code gzip} or {@code none}. */
  @Parameter(property = "db.backup.compression", defaultValue = "zstd")
  String compression;

  /** The compression level: zstd 1 to 22 (default 1), gzip 1 to 9 (default 6). */
  @Parameter(property = "db.backup.level")
  Integer level;

  /** Parallel COPY sessions; 0 means the number of cores, at most 4. */
  @Parameter(property = "db.backup.jobs", defaultValue = "0")
  int jobs;

  /** The schemas to back up. */
  @Parameter(property = "db.backup.schemas", defaultValue = "public")
  String[] schemas;

  /** Globs of the tables to back up, such as {@code orders*} or {@code sales.*}; all by default. */
  @Parameter(property = "db.backup.includeTables")
  String[] includeTables;

  /** Globs of tables to leave out entirely. */
  @Parameter(property = "db.backup.excludeTables")
  String[] excludeTables;

  /** Globs of tables whose definition is recorded but not their rows (caches, sessions, logs). */
  @Parameter(property = "db.backup.excludeData")
  String[] excludeData;

  /**
   * How long the backup waits for a lock on a table another session holds (PostgreSQL's {@code
   * lock_timeout}, such as {@code 60s} or {@code 5min}) before it gives up, writing no archive.
   */
  @Parameter(property = "db.lockTimeout", defaultValue = "60s")
  String lockTimeout;

  /** Skips db:backup only. */
  @Parameter(property = "db.backup.skip", defaultValue = "false")
  boolean skipBackup;

  @Override
  boolean skipGoal() {
    return skipBackup;
  }

  @Override
  void run() {
    boolean stdout = "-".equals(file == null ? null : file.trim());
    BackupConfig config =
        new BackupConfig(
            connectionConfig(),
            file == null || file.isBlank() || stdout ? null : resolve(file.trim()),
            stdout,
            directory.toPath(),
            Codec.parse(compression),
            level,
            jobs,
            list(schemas),
            list(includeTables),
            list(excludeTables),
            list(excludeData),
            historySchema,
            historyTable,
            migrationLocations(),
            recursive,
            project.getBasedir().toPath(),
            mojoExecution.getMojoDescriptor().getPluginDescriptor().getVersion(),
            ArchiveFormat.DEFAULT_PART_BYTES,
            lockTimeout,
            parsedHistoryMode());
    BackupResult result = new Backup(config, logger()).run();
    if (result.file() != null) {
      publish("db.backup.file", result.file().toString());
    }
  }

  private Path resolve(String path) {
    Path given = Path.of(path);
    return given.isAbsolute() ? given : project.getBasedir().toPath().resolve(given);
  }

  private static List<String> list(String[] values) {
    return values == null
        ? List.of()
        : Arrays.stream(values).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
