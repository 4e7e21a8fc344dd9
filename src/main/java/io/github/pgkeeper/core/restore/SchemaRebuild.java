package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.migration.HistoryTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An empty target's schema, rebuilt inside the restore's transaction before the load: from the
 * archive's schema (the default for an archive that stores one; the post-data objects follow the
 * load), or by running the migration scripts the archive stores.
 */
final class SchemaRebuild {
  private final Connection connection;
  private final ArchiveHeader header;
  private final RestoreConfig config;
  private final HistoryTable history;
  private final Consumer<String> step;
  private final Logger log;

  /**
   * @param step told what is being done, for the message of a failure
   */
  SchemaRebuild(
      Connection connection,
      ArchiveHeader header,
      RestoreConfig config,
      HistoryTable history,
      Consumer<String> step,
      Logger log) {
    this.connection = connection;
    this.header = header;
    this.config = config;
    this.history = history;
    this.step = step;
    this.log = log;
  }

  /**
   * The roles checked (or created), every role and owner missing refused before anything is
   * written; then the pre-data objects created, and the archive's history rows recorded.
   */
  void fromSchema(ArchivedSchema schema) throws SQLException {
    for (String warning : schema.model().warnings()) {
      log.warn("The archive's schema does not hold, so the restore cannot recreate: " + warning);
    }
    step.accept("checking the roles the archive's schema names");
    SchemaRoles.prepare(connection, schema.model(), config, log);
    step.accept("recreating the archive's schema (pre-data)");
    schema.prepareSession(connection);
    schema.makeRoomForHistoryTable(connection, config.historySchema(), config.historyTable(), log);
    schema.createPreData(connection, log);
    step.accept("recording the archive's migration history");
    ArchivedMigrations.recordHistory(connection, history, header);
  }

  /** The migration scripts the archive stores, run in their installed order, and their rows. */
  void fromMigrations(int serverMajor) throws SQLException {
    if (!header.hasSchema()) {
      log.info(
          "The archive is in format "
              + header.formatVersion()
              + ", which stores no schema: rebuilding the schema from its migrations.");
    }
    ArchivedMigrations migrations = ArchivedMigrations.plan(header, serverMajor, log);
    ArchivedMigrations.compareWithLocal(header, config, log);
    step.accept("rebuilding the schema from the archive's migrations");
    long started = System.nanoTime();
    migrations.apply(connection, history, log);
    log.info(
        String.format(
            Locale.ROOT,
            "Rebuilt the schema from the archive's %d migration(s), up to version %s, in %.1f s",
            migrations.size(),
            header.history().currentVersion(),
            (System.nanoTime() - started) / 1e9));
  }
}
