package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
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
 * @param order the order migrations run in, and what "older than applied" means
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
    HistoryMode historyMode,
    MigrationOrder order) {

  public MigrationConfig {
    locations = List.copyOf(locations);
    order = order == null ? MigrationOrder.NUMERIC : order;
  }

  /** In numeric order. */
  public MigrationConfig(
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
    this(
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
        historyMode,
        MigrationOrder.NUMERIC);
  }

  /** Scans the locations in this configuration's order. */
  public Discovery scan(Logger log) {
    return new MigrationScanner(baseDirectory, log).scan(locations, recursive, order);
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
    Copy copy = new Copy(this);
    copy.connection = other;
    return copy.build();
  }

  public MigrationConfig withTarget(Version newTarget) {
    Copy copy = new Copy(this);
    copy.target = newTarget;
    return copy.build();
  }

  public MigrationConfig withOutOfOrder(boolean allowed) {
    Copy copy = new Copy(this);
    copy.outOfOrder = allowed;
    return copy.build();
  }

  public MigrationConfig withValidateOnMigrate(boolean validate) {
    Copy copy = new Copy(this);
    copy.validateOnMigrate = validate;
    return copy.build();
  }

  public MigrationConfig withTimeouts(Timeouts newTimeouts) {
    Copy copy = new Copy(this);
    copy.timeouts = newTimeouts;
    return copy.build();
  }

  public MigrationConfig withHistoryMode(HistoryMode mode) {
    Copy copy = new Copy(this);
    copy.historyMode = mode;
    return copy.build();
  }

  public MigrationConfig withOrder(MigrationOrder newOrder) {
    Copy copy = new Copy(this);
    copy.order = newOrder;
    return copy.build();
  }

  /**
   * A changeable copy of a config, so that each {@code with…} method names only what it changes.
   */
  private static final class Copy {
    ConnectionConfig connection;
    List<Path> locations;
    boolean recursive;
    Path baseDirectory;
    String historySchema;
    String historyTable;
    Version target;
    boolean outOfOrder;
    boolean validateOnMigrate;
    Timeouts timeouts;
    HistoryMode historyMode;
    MigrationOrder order;

    Copy(MigrationConfig from) {
      connection = from.connection;
      locations = from.locations;
      recursive = from.recursive;
      baseDirectory = from.baseDirectory;
      historySchema = from.historySchema;
      historyTable = from.historyTable;
      target = from.target;
      outOfOrder = from.outOfOrder;
      validateOnMigrate = from.validateOnMigrate;
      timeouts = from.timeouts;
      historyMode = from.historyMode;
      order = from.order;
    }

    MigrationConfig build() {
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
          historyMode,
          order);
    }
  }
}
