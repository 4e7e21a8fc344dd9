package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything the migration engine needs to know, fixed before it starts.
 *
 * @param locations folders holding migration scripts
 * @param recursive whether subfolders of the locations are scanned too
 * @param baseDirectory file names in messages are shown relative to it
 * @param target the newest version to apply, or null for all
 * @param outOfOrder whether a pending migration older than the newest applied one may run
 * @param validateOnMigrate whether migrate refuses to run when applied files changed or vanished
 * @param timeouts how long to wait for the migration lock, table locks and statements
 * @param historyMode whether the Supabase CLI's history table is kept too
 */
public record MigrationConfig(
    ConnectionConfig connection,
    List<Path> locations,
    boolean recursive,
    Path baseDirectory,
    String historySchema,
    String historyTable,
    Version target,
    boolean outOfOrder,
    boolean validateOnMigrate,
    Timeouts timeouts,
    HistoryMode historyMode) {

  public MigrationConfig {
    locations = List.copyOf(locations);
  }

  /** Defaults for everything but the connection and the locations. */
  public static MigrationConfig of(ConnectionConfig connection, List<Path> locations, Path base) {
    return new MigrationConfig(
        connection,
        locations,
        false,
        base,
        HistoryTable.DEFAULT_SCHEMA,
        HistoryTable.DEFAULT_NAME,
        null,
        false,
        true,
        Timeouts.DEFAULTS,
        HistoryMode.PGKEEPER);
  }

  /** The same migrations and history against another database. */
  public MigrationConfig withConnection(ConnectionConfig other) {
    return new MigrationConfig(
        other,
        locations,
        recursive,
        baseDirectory,
        historySchema,
        historyTable,
        target,
        outOfOrder,
        validateOnMigrate,
        timeouts,
        historyMode);
  }

  public MigrationConfig withTarget(Version newTarget) {
    return new MigrationConfig(
        connection,
        locations,
        recursive,
        baseDirectory,
        historySchema,
        historyTable,
        newTarget,
        outOfOrder,
        validateOnMigrate,
        timeouts,
        historyMode);
  }

  public MigrationConfig withOutOfOrder(boolean allowed) {
    return new MigrationConfig(
        connection,
        locations,
        recursive,
        baseDirectory,
        historySchema,
        historyTable,
        target,
        allowed,
        validateOnMigrate,
        timeouts,
        historyMode);
  }

  public MigrationConfig withValidateOnMigrate(boolean validate) {
    return new MigrationConfig(
        connection,
        locations,
        recursive,
        baseDirectory,
        historySchema,
        historyTable,
        target,
        outOfOrder,
        validate,
        timeouts,
        historyMode);
  }

  public MigrationConfig withTimeouts(Timeouts newTimeouts) {
    return new MigrationConfig(
        connection,
        locations,
        recursive,
        baseDirectory,
        historySchema,
        historyTable,
        target,
        outOfOrder,
        validateOnMigrate,
        newTimeouts,
        historyMode);
  }

  public MigrationConfig withHistoryMode(HistoryMode mode) {
    return new MigrationConfig(
        connection,
        locations,
        recursive,
        baseDirectory,
        historySchema,
        historyTable,
        target,
        outOfOrder,
        validateOnMigrate,
        timeouts,
        mode);
  }
}
