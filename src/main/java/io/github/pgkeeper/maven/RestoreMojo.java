package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.backup.TableGlobs;
import io.github.pgkeeper.core.restore.Restore;
import io.github.pgkeeper.core.restore.RestoreConfig;
import java.io.File;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Restores an archive written by db:backup, in one transaction: an empty database is first rebuilt
 * from the archive's schema (or its migrations), one with the archive's migration history is
 * loaded, any other is refused. Tables holding rows are refused unless {@code clean}. It holds the
 * migration lock, so db:migrate and other restores wait. Any failure leaves the database as it was.
 * Not bound to a phase: run it explicitly ({@code mvn db:restore -Ddb.file=…}).
 */
@Mojo(name = "restore", threadSafe = true)
public class RestoreMojo extends AbstractLockingMojo {
  /** The archive to restore, as db:backup wrote it (the same -Ddb.file as db:verify-backup). */
  @Parameter(property = "db.file", required = true)
  File file;

  /** Empty the tables that hold rows (inside the restore's transaction) and load the archive's. */
  @Parameter(property = "db.restore.clean", defaultValue = "false")
  boolean clean;

  /** Restore only these tables: comma-separated globs such as {@code orders*, public.user?}. */
  @Parameter(property = "db.restore.tables")
  String tables;

  /**
   * Load with {@code session_replication_role = replica}: no trigger or foreign-key check fires.
   * Superusers only; without it the restore drops and re-adds foreign keys instead.
   */
  @Parameter(property = "db.restore.replicaRole", defaultValue = "false")
  boolean replicaRole;

  /** Run ANALYZE on the restored tables afterwards. */
  @Parameter(property = "db.restore.analyze", defaultValue = "true")
  boolean analyze;

  /**
   * How long the restore waits for a lock on a table another session holds (PostgreSQL's {@code
   * lock_timeout}, such as {@code 60s} or {@code 5min}) before it gives up, having changed nothing.
   */
  @Parameter(property = "db.lockTimeout", defaultValue = "60s")
  String lockTimeout;

  /**
   * Load although the archive's migration history (versions, script names, checksums, in order)
   * differs from the target's: for a deliberate restore of another project's archive into a schema
   * its rows fit. The differences are logged as warnings. A target at another version of the same
   * history is still refused. Set it on the command line for one restore, not in the POM.
   */
  @Parameter(property = "db.restore.allowHistoryMismatch", defaultValue = "false")
  boolean allowHistoryMismatch;

  /**
   * What an empty database's schema is rebuilt from: {@code archive}, the schema as it was when the
   * backup ran (stored in the archive's schema.sql), or {@code migrations}, the migration scripts
   * stored in the archive, replayed in order. Archives of format 1 have no schema.sql and always
   * use their migrations.
   */
  @Parameter(property = "db.restore.schemaFrom", defaultValue = "archive")
  String schemaFrom;

  /**
   * Create the roles the archive's schema names (owners, grantees, roles of policies) that the
   * target lacks, as NOLOGIN roles, inside the restore's transaction. Without it a missing role is
   * refused before anything is written.
   */
  @Parameter(property = "db.restore.createRoles", defaultValue = "false")
  boolean createRoles;

  /**
   * Set the archive's owners and grants when rebuilding from its schema. {@code false} restores
   * without them, every object owned by the restoring role, as pg_restore's --no-owner
   * --no-privileges.
   */
  @Parameter(property = "db.restore.privileges", defaultValue = "true")
  boolean privileges;

  /** Skips db:restore only. */
  @Parameter(property = "db.restore.skip", defaultValue = "false")
  boolean skipRestore;

  @Override
  boolean skipGoal() {
    return skipRestore;
  }

  @Override
  void run() {
    RestoreConfig config =
        RestoreConfig.of(connectionConfig(), file.toPath())
            .withClean(clean)
            .withTables(TableGlobs.splitList(tables))
            .withReplicaRole(replicaRole)
            .withAnalyze(analyze)
            .withLockTimeout(lockTimeout)
            .withLockWait(Duration.ofSeconds(lockWaitTimeout))
            .withAllowHistoryMismatch(allowHistoryMismatch)
            .withSchemaFrom(RestoreConfig.SchemaSource.parse(schemaFrom))
            .withCreateRoles(createRoles)
            .withPrivileges(privileges)
            .withMigrations(
                migrationLocations(),
                recursive,
                project.getBasedir().toPath(),
                historySchema,
                historyTable);
    new Restore(config, logger()).run();
  }
}
