package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.backup.TableGlobs;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.HistoryTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
 * @param schemaFrom what an empty target's schema is rebuilt from: the archive's schema entry (the
 *     default) or its migration scripts; a format-1 archive has no schema entry and always uses its
 *     migrations
 * @param createRoles create the roles the archive's schema names that the target lacks, as NOLOGIN
 *     roles inside the restore's transaction; without it such roles are refused beforehand
 * @param privileges set the archive's owners and grants (and default privileges) when rebuilding
 *     from its schema; without them every object belongs to the restoring role, as pg_restore's
 *     {@code --no-owner --no-privileges}
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
    boolean allowHistoryMismatch,
    SchemaSource schemaFrom,
    boolean createRoles,
    boolean privileges) {

  /** Where the schema of an empty target comes from. */
  public enum SchemaSource {
    /** The archive's {@code schema.sql}: the schema as it was when the backup ran. */
    ARCHIVE,
    /** The migration scripts stored in the archive, replayed in their installed order. */
    MIGRATIONS;

    /**
     * {@code archive} or {@code migrations}, in any case.
     *
     * @throws PgKeeperException naming the setting for anything else
     */
    public static SchemaSource parse(String value) {
      String normalized = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
      for (SchemaSource source : values()) {
        if (source.name().equals(normalized)) {
          return source;
        }
      }
      throw new PgKeeperException(
          "schemaFrom is " + value + "; it must be archive (the default) or migrations.",
          Setting.RESTORE_SCHEMA_FROM);
    }
  }

  public RestoreConfig {
    tables = List.copyOf(tables);
    locations = List.copyOf(locations);
    schemaFrom = schemaFrom == null ? SchemaSource.ARCHIVE : schemaFrom;
    TableGlobs.check(tables, Setting.RESTORE_TABLES);
  }

  /**
   * Defaults: no clean, every table, no replica role, ANALYZE, no local migrations, 10 minutes for
   * the migration lock, histories compared, an empty target rebuilt from the archive's schema with
   * its owners and grants, missing roles refused.
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
        false,
        SchemaSource.ARCHIVE,
        false,
        true);
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

  public RestoreConfig withSchemaFrom(SchemaSource newSchemaFrom) {
    Copy copy = new Copy(this);
    copy.schemaFrom = newSchemaFrom;
    return copy.build();
  }

  public RestoreConfig withCreateRoles(boolean newCreateRoles) {
    Copy copy = new Copy(this);
    copy.createRoles = newCreateRoles;
    return copy.build();
  }

  public RestoreConfig withPrivileges(boolean newPrivileges) {
    Copy copy = new Copy(this);
    copy.privileges = newPrivileges;
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
    SchemaSource schemaFrom;
    boolean createRoles;
    boolean privileges;

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
      schemaFrom = from.schemaFrom;
      createRoles = from.createRoles;
      privileges = from.privileges;
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
          allowHistoryMismatch,
          schemaFrom,
          createRoles,
          privileges);
    }
  }
}
