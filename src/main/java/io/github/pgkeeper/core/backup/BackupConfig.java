package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.ArchiveWriter;
import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.HistoryTable;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a backup needs to know, fixed before it starts.
 *
 * @param file where to write the archive; null for the default name in {@code defaultFolder}
 * @param toStandardOutput write the archive to standard output instead of a file
 * @param defaultFolder the folder of the default file name, {@code <database>-<UTC time>.tar}
 * @param codec how data parts are compressed
 * @param level the compression level; null for the codec's default
 * @param jobs parallel COPY sessions; 0 for the default, min(cores, 4)
 * @param schemas the schemas to back up
 * @param includeTables globs of the tables to back up; empty for all of the schemas
 * @param excludeTables globs of tables to leave out entirely
 * @param excludeData globs of tables whose definition is kept but not their rows
 * @param locations the migration folders, whose applied scripts go into the header
 * @param baseDirectory file names in messages are relative to it
 * @param toolVersion the plugin version recorded in the header
 * @param partBytes COPY text per data part (bounds memory)
 * @param lockTimeout how long the backup waits for a table lock (PostgreSQL's {@code lock_timeout})
 * @param historyMode which tools' history tables the database keeps: with {@code supabase}, the
 *     Supabase CLI's schema is backed up too, so that a restored database shows the CLI the same
 *     applied migrations
 */
public record BackupConfig(
    ConnectionConfig connection,
    Path file,
    boolean toStandardOutput,
    Path defaultFolder,
    Codec codec,
    Integer level,
    int jobs,
    List<String> schemas,
    List<String> includeTables,
    List<String> excludeTables,
    List<String> excludeData,
    String historySchema,
    String historyTable,
    List<Path> locations,
    boolean recursive,
    Path baseDirectory,
    String toolVersion,
    int partBytes,
    String lockTimeout,
    HistoryMode historyMode) {

  public BackupConfig {
    schemas = List.copyOf(schemas);
    includeTables = List.copyOf(includeTables);
    excludeTables = List.copyOf(excludeTables);
    excludeData = List.copyOf(excludeData);
    locations = List.copyOf(locations);
    if (schemas.isEmpty()) {
      throw new PgKeeperException(
          "No schema to back up: name at least one.", Setting.BACKUP_SCHEMAS);
    }
    if (jobs < 0) {
      throw new PgKeeperException(
          "jobs is " + jobs + "; use 1 or more (or leave it unset for min(cores, 4)).",
          Setting.BACKUP_JOBS);
    }
    codec.resolveLevel(level);
    if (file != null) {
      ArchiveWriter.checkTarget(file);
    }
    TableGlobs.check(includeTables, Setting.BACKUP_INCLUDE_TABLES);
    TableGlobs.check(excludeTables, Setting.BACKUP_EXCLUDE_TABLES);
    TableGlobs.check(excludeData, Setting.BACKUP_EXCLUDE_DATA);
  }

  /** Defaults for everything but the connection and the output folder. */
  public static BackupConfig of(ConnectionConfig connection, Path defaultFolder) {
    return new BackupConfig(
        connection,
        null,
        false,
        defaultFolder,
        Codec.ZSTD,
        null,
        0,
        List.of("public"),
        List.of(),
        List.of(),
        List.of(),
        HistoryTable.DEFAULT_SCHEMA,
        HistoryTable.DEFAULT_NAME,
        List.of(),
        false,
        defaultFolder,
        "unknown",
        ArchiveFormat.DEFAULT_PART_BYTES,
        "60s",
        HistoryMode.PGKEEPER);
  }

  /** The number of COPY sessions to run for {@code dataTables} tables with data. */
  int effectiveJobs(int dataTables) {
    int wanted = jobs > 0 ? jobs : Math.min(Runtime.getRuntime().availableProcessors(), 4);
    return Math.max(1, Math.min(wanted, dataTables));
  }

  int effectiveLevel() {
    return codec.resolveLevel(level);
  }

  public BackupConfig withFile(Path newFile) {
    Copy copy = new Copy(this);
    copy.file = newFile;
    copy.toStandardOutput = false;
    return copy.build();
  }

  /** Writes the archive to the process's standard output (the file name {@code -}). */
  public BackupConfig withStandardOutput() {
    Copy copy = new Copy(this);
    copy.file = null;
    copy.toStandardOutput = true;
    return copy.build();
  }

  public BackupConfig withCompression(Codec newCodec, Integer newLevel) {
    Copy copy = new Copy(this);
    copy.codec = newCodec;
    copy.level = newLevel;
    return copy.build();
  }

  public BackupConfig withJobs(int newJobs) {
    Copy copy = new Copy(this);
    copy.jobs = newJobs;
    return copy.build();
  }

  public BackupConfig withSelection(
      List<String> newSchemas,
      List<String> newInclude,
      List<String> newExclude,
      List<String> newExcludeData) {
    Copy copy = new Copy(this);
    copy.schemas = newSchemas;
    copy.includeTables = newInclude;
    copy.excludeTables = newExclude;
    copy.excludeData = newExcludeData;
    return copy.build();
  }

  public BackupConfig withMigrations(
      List<Path> newLocations, boolean newRecursive, String newHistorySchema, String newHistory) {
    Copy copy = new Copy(this);
    copy.historySchema = newHistorySchema;
    copy.historyTable = newHistory;
    copy.locations = newLocations;
    copy.recursive = newRecursive;
    return copy.build();
  }

  public BackupConfig withHistoryMode(HistoryMode newHistoryMode) {
    Copy copy = new Copy(this);
    copy.historyMode = newHistoryMode;
    return copy.build();
  }

  public BackupConfig withPartBytes(int newPartBytes) {
    Copy copy = new Copy(this);
    copy.partBytes = newPartBytes;
    return copy.build();
  }

  /**
   * @param newLockTimeout PostgreSQL's {@code lock_timeout} for the sessions, such as {@code 60s}
   */
  public BackupConfig withLockTimeout(String newLockTimeout) {
    Copy copy = new Copy(this);
    copy.lockTimeout = newLockTimeout;
    return copy.build();
  }

  /**
   * A changeable copy of a config, so that each {@code with…} method names only what it changes.
   */
  private static final class Copy {
    ConnectionConfig connection;
    Path file;
    boolean toStandardOutput;
    Path defaultFolder;
    Codec codec;
    Integer level;
    int jobs;
    List<String> schemas;
    List<String> includeTables;
    List<String> excludeTables;
    List<String> excludeData;
    String historySchema;
    String historyTable;
    List<Path> locations;
    boolean recursive;
    Path baseDirectory;
    String toolVersion;
    int partBytes;
    String lockTimeout;
    HistoryMode historyMode;

    Copy(BackupConfig from) {
      connection = from.connection;
      file = from.file;
      toStandardOutput = from.toStandardOutput;
      defaultFolder = from.defaultFolder;
      codec = from.codec;
      level = from.level;
      jobs = from.jobs;
      schemas = from.schemas;
      includeTables = from.includeTables;
      excludeTables = from.excludeTables;
      excludeData = from.excludeData;
      historySchema = from.historySchema;
      historyTable = from.historyTable;
      locations = from.locations;
      recursive = from.recursive;
      baseDirectory = from.baseDirectory;
      toolVersion = from.toolVersion;
      partBytes = from.partBytes;
      lockTimeout = from.lockTimeout;
      historyMode = from.historyMode;
    }

    BackupConfig build() {
      return new BackupConfig(
          connection,
          file,
          toStandardOutput,
          defaultFolder,
          codec,
          level,
          jobs,
          schemas,
          includeTables,
          excludeTables,
          excludeData,
          historySchema,
          historyTable,
          locations,
          recursive,
          baseDirectory,
          toolVersion,
          partBytes,
          lockTimeout,
          historyMode);
    }
  }
}
