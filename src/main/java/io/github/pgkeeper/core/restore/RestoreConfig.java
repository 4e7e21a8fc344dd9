package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.backup.TableGlobs;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.HistoryTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a restore needs to know, fixed before it starts.
 *
 * @param file the archive written by db:backup
 * @param clean replace the rows of tables that hold some; without it such tables are refused
 * @param tables globs of the tables to restore ({@code orders*}, {@code public.user?}); empty for
 *     all of the archive
 * @param replicaRole load with {@code session_replication_role = replica} (superusers only): no
 *     trigger and no foreign-key check fires during the load
 * @param analyze run ANALYZE on the restored tables once committed
 * @param locations the local migration folders, compared with the scripts stored in the archive
 * @param baseDirectory file names in messages are relative to it
 * @param historySchema the target's migration history table (schema)
 * @param historyTable the target's migration history table (name)
 * @param lockTimeout how long the restore waits for a table lock (PostgreSQL's {@code
 *     lock_timeout})
 * @param lockWait how long the restore waits for the migration lock, which a db:migrate or another
 *     db:restore of the same history table holds
 * @param allowHistoryMismatch load although the archive's migration history differs from the
 *     target's (a deliberate restore of another project's archive); the differences are warned
 *     about. A target merely at an older or newer version of the same history is still refused.
 */
public record RestoreConfig(
    ConnectionConfig connection,
    Path file,
    boolean clean,
    List<String> tables,
    boolean replicaRole,
    boolean analyze,
    List<Path> locations,
    boolean recursive,
    Path baseDirectory,
    String historySchema,
    String historyTable,
    String lockTimeout,
    Duration lockWait,
    boolean allowHistoryMismatch) {

  public RestoreConfig {
    tables = List.copyOf(tables);
    locations = List.copyOf(locations);
    TableGlobs.check(tables, Setting.RESTORE_TABLES);
  }

  /**
   * Defaults: no clean, every table, no replica role, ANALYZE, no local migrations, 10 minutes for
   * the migration lock, histories compared.
   */
  public static RestoreConfig of(ConnectionConfig connection, Path file) {
    return new RestoreConfig(
        connection,
        file,
        false,
        List.of(),
        false,
        true,
        List.of(),
        false,
        Path.of("."),
        HistoryTable.DEFAULT_SCHEMA,
        HistoryTable.DEFAULT_NAME,
        "60s",
        Duration.ofMinutes(10),
        false);
  }

  public RestoreConfig withClean(boolean newClean) {
    Copy copy = new Copy(this);
    copy.clean = newClean;
    return copy.build();
  }

  public RestoreConfig withTables(List<String> newTables) {
    Copy copy = new Copy(this);
    copy.tables = newTables;
    return copy.build();
  }

  public RestoreConfig withReplicaRole(boolean newReplicaRole) {
    Copy copy = new Copy(this);
    copy.replicaRole = newReplicaRole;
    return copy.build();
  }

  public RestoreConfig withAnalyze(boolean newAnalyze) {
    Copy copy = new Copy(this);
    copy.analyze = newAnalyze;
    return copy.build();
  }

  public RestoreConfig withMigrations(
      List<Path> newLocations,
      boolean newRecursive,
      Path newBaseDirectory,
      String newHistorySchema,
      String newHistoryTable) {
    Copy copy = new Copy(this);
    copy.locations = newLocations;
    copy.recursive = newRecursive;
    copy.baseDirectory = newBaseDirectory;
    copy.historySchema = newHistorySchema;
    copy.historyTable = newHistoryTable;
    return copy.build();
  }

  /**
   * @param newLockTimeout PostgreSQL's {@code lock_timeout} for the sessions, such as {@code 60s}
   */
  public RestoreConfig withLockTimeout(String newLockTimeout) {
    Copy copy = new Copy(this);
    copy.lockTimeout = newLockTimeout;
    return copy.build();
  }

  /**
   * @param newLockWait how long to wait for the migration lock another run holds
   */
  public RestoreConfig withLockWait(Duration newLockWait) {
    Copy copy = new Copy(this);
    copy.lockWait = newLockWait;
    return copy.build();
  }

  public RestoreConfig withAllowHistoryMismatch(boolean newAllowHistoryMismatch) {
    Copy copy = new Copy(this);
    copy.allowHistoryMismatch = newAllowHistoryMismatch;
    return copy.build();
  }

  /**
   * A changeable copy of a config, so that each {@code with…} method names only what it changes.
   */
  private static final class Copy {
    ConnectionConfig connection;
    Path file;
    boolean clean;
    List<String> tables;
    boolean replicaRole;
    boolean analyze;
    List<Path> locations;
    boolean recursive;
    Path baseDirectory;
    String historySchema;
    String historyTable;
    String lockTimeout;
    Duration lockWait;
    boolean allowHistoryMismatch;

    Copy(RestoreConfig from) {
      connection = from.connection;
      file = from.file;
      clean = from.clean;
      tables = from.tables;
      replicaRole = from.replicaRole;
      analyze = from.analyze;
      locations = from.locations;
      recursive = from.recursive;
      baseDirectory = from.baseDirectory;
      historySchema = from.historySchema;
      historyTable = from.historyTable;
      lockTimeout = from.lockTimeout;
      lockWait = from.lockWait;
      allowHistoryMismatch = from.allowHistoryMismatch;
    }

    RestoreConfig build() {
      return new RestoreConfig(
          connection,
          file,
          clean,
          tables,
          replicaRole,
          analyze,
          locations,
          recursive,
          baseDirectory,
          historySchema,
          historyTable,
          lockTimeout,
          lockWait,
          allowHistoryMismatch);
    }
  }
}
