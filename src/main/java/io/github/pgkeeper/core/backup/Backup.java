package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.ArchiveWriter;
import io.github.pgkeeper.core.archive.Manifest;
import io.github.pgkeeper.core.archive.MigrationHistory;
import io.github.pgkeeper.core.archive.SchemaInfo;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaReader;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * db:backup: every selected table read from one snapshot, streamed through COPY into compressed
 * parts of an archive, with the catalog and the migration history in its header and the schema as
 * SQL ({@code schema.sql}) read in the same snapshot. The archive appears under its name only once
 * complete.
 */
public final class Backup {
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  /** As given, then with the history tool's schemas found in the database (see {@link #run}). */
  private BackupConfig config;

  private final Logger log;
  private final BackupPauses pauses;

  public Backup(BackupConfig config, Logger log) {
    this(config, log, BackupPauses.NONE);
  }

  /** With points where a test changes the database while the backup opens its snapshot. */
  Backup(BackupConfig config, Logger log, BackupPauses pauses) {
    this.config = config;
    this.log = log;
    this.pauses = pauses;
  }

  /**
   * Adds the schemas where the history mode's other tool keeps its history (the Supabase CLI's
   * {@code supabase_migrations}), when the database has them: without it, a restored database would
   * show that tool no migration applied, and it would try them all again.
   */
  private BackupConfig withToolHistory(Connection leader) throws SQLException {
    List<String> added = new ArrayList<>();
    for (String schema : config.historyMode().toolSchemas()) {
      if (!config.schemas().contains(schema) && schemaExists(leader, schema)) {
        added.add(schema);
      }
    }
    leader.commit(); // the lookup ran in a transaction of its own, before the snapshot's
    if (added.isEmpty()) {
      return config;
    }
    log.info(
        "historyMode="
            + config.historyMode().name().toLowerCase(Locale.ROOT)
            + ": schema(s) "
            + String.join(", ", added)
            + " backed up too, where that tool records the applied migrations.");
    List<String> schemas = new ArrayList<>(config.schemas());
    schemas.addAll(added);
    return config.withSelection(
        schemas, config.includeTables(), config.excludeTables(), config.excludeData());
  }

  private static boolean schemaExists(Connection connection, String schema) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
      query.setString(1, schema);
      try (ResultSet row = query.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Server facts recorded in the header, read in the snapshot. */
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private record Server(
      String database,
      String version,
      int versionNumber,
      String encoding,
      OffsetDateTime now,
      String user) {}

  public BackupResult run() {
    long start = System.nanoTime();
    ConnectionConfig connection = config.connection();
    try (Connection leader = Sessions.openLeader(connection, config.lockTimeout())) {
      config = withToolHistory(leader);
      Catalog catalog = LeaderSnapshot.open(leader, config, log, pauses);
      Server server = server(leader);
      MigrationHistory history = HistoryReader.read(leader, config, log);
      List<TableInfo> withData = catalog.tables().stream().filter(TableInfo::dataIncluded).toList();
      int jobs = config.effectiveJobs(withData.size());
      String snapshot = Sessions.exportSnapshot(leader);
      Path target = target(server);
      log.info(
          String.format(
              Locale.ROOT,
              "Backing up %s (PostgreSQL %s): %d tables of schema(s) %s, %s level %d, %d job(s),"
                  + " to %s",
              server.database(),
              server.version(),
              catalog.tables().size(),
              String.join(", ", config.schemas()),
              config.codec().label(),
              config.effectiveLevel(),
              jobs,
              target == null ? "standard output" : target));
      Manifest manifest;
      long archiveBytes;
      ArchiveHeader header;
      try (ArchiveWriter writer =
          target == null ? ArchiveWriter.toStandardOutput() : ArchiveWriter.toFile(target)) {
        // The schema is read on the leader's session, in the snapshot and under its locks, while
        // the COPY sessions already read rows: the archive's first entries wait for it, the rows
        // wait in the pipeline's bounded blocks.
        header =
            new ParallelDump(config, leader, connection, snapshot, server.user(), jobs, log)
                .run(
                    withData,
                    DumpPlan.tasks(leader, withData, catalog.heaps(), jobs, config.partBytes()),
                    writer,
                    () -> {
                      pauses.beforeSchemaRead();
                      SchemaModel schema = readSchema(leader);
                      return new ParallelDump.Opening(
                          header(server, catalog, history, schema),
                          schema.toSql(schemaTitle(server)));
                    });
        pauses.afterData();
        refuseChangedTables(leader, catalog.tables());
        manifest = writer.finish();
        archiveBytes = writer.bytesWritten();
      }
      endSnapshot(leader);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      summarize(header, manifest, archiveBytes, elapsed, target);
      return new BackupResult(target, header, manifest, archiveBytes, elapsed);
    } catch (PgKeeperException e) {
      // Raised on the way (a table that cannot be read, a lock timeout): say what it left.
      throw new PgKeeperException(e.getMessage() + " " + discarded(), e.setting().orElse(null), e);
    } catch (SQLException e) {
      if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        // Reading the catalog (table sizes, definitions) can wait for a lock too.
        throw BackupErrors.lockTimeout("the tables to back up", config.lockTimeout(), e);
      }
      throw new PgKeeperException(
          "The backup failed: "
              + ConnectionConfig.mask(e.getMessage())
              + " [SQLSTATE "
              + e.getSQLState()
              + "]. "
              + discarded(),
          null,
          e);
    } catch (IOException e) {
      throw new PgKeeperException(
          "The backup failed writing the archive: " + e.getMessage() + ". " + discarded(),
          Setting.BACKUP_FILE,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PgKeeperException("The backup was interrupted. " + discarded());
    }
  }

  /**
   * What a failed backup leaves: nothing under the file name, or an unfinished stream, which ends
   * without a manifest (inside an entry named {@link ArchiveFormat#FAILED_ENTRY}, once the archive
   * was started) so that tar and db:verify-backup refuse it.
   */
  private String discarded() {
    String stream =
        config.toStandardOutput()
            ? "standard output"
            : config.file() != null && ArchiveWriter.writesStraight(config.file())
                ? config.file().toString()
                : null;
    return stream == null
        ? "No archive was written."
        : "The archive written to "
            + stream
            + " is incomplete (it has no manifest; tar reports an unexpected end): discard what"
            + " its reader received.";
  }

  /**
   * Read only: ending the transaction releases the snapshot and the locks. The archive is complete
   * by now, so a connection lost here changes nothing in it; the server ends the transaction
   * itself.
   */
  private void endSnapshot(Connection leader) {
    try {
      leader.rollback();
    } catch (SQLException e) {
      log.debug("Ending the backup's transaction: " + ConnectionConfig.mask(e.getMessage()));
    }
  }

  private static Server server(Connection leader) throws SQLException {
    try (Statement statement = leader.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT current_database(), current_setting('server_version'),"
                    + " current_setting('server_version_num')::int,"
                    + " current_setting('server_encoding'), now(), current_user")) {
      row.next();
      return new Server(
          row.getString(1),
          row.getString(2),
          row.getInt(3),
          row.getString(4),
          row.getObject(5, OffsetDateTime.class),
          row.getString(6));
    }
  }

  /**
   * The locks keep every table from being rewritten while the backup reads it; this proves it
   * before the archive is called complete, so that no change the locks do not cover (a partition
   * attached meanwhile) goes unnoticed.
   */
  private static void refuseChangedTables(Connection leader, List<TableInfo> tables)
      throws SQLException {
    List<String> changed = RewriteCheck.changedSince(leader, tables);
    if (!changed.isEmpty()) {
      throw new PgKeeperException(
          "These tables changed while the backup read them, so the rows read may not be those of"
              + " its snapshot: "
              + String.join(", ", changed)
              + ". Run the backup again when the migration or maintenance that changes them is"
              + " done.");
    }
  }

  /**
   * Every object of the schemas as SQL that recreates it. An object the readers cannot reproduce is
   * named in a warning, here and in the archive: never left out without a word.
   */
  private SchemaModel readSchema(Connection leader) throws SQLException {
    long started = System.nanoTime();
    SchemaModel schema = SchemaReader.read(leader, config.schemas());
    log.info(
        String.format(
            Locale.ROOT,
            "Read the schema: %d object(s) of schema(s) %s in %.1f s",
            schema.objects().size(),
            String.join(", ", config.schemas()),
            (System.nanoTime() - started) / 1e9));
    for (String warning : schema.warnings()) {
      log.warn("The archive's schema cannot reproduce: " + warning);
    }
    return schema;
  }

  private String schemaTitle(Server server) {
    return "The schema of database "
        + server.database()
        + " (PostgreSQL "
        + server.version()
        + "), schema(s) "
        + String.join(", ", config.schemas())
        + ", as of "
        + server.now().toInstant()
        + ", written by pgkeeper "
        + config.toolVersion()
        + ".\n"
        + "Every object in dependency order: pre-data before the rows are loaded, post-data after.\n"
        + "db:restore runs it in one transaction; psql runs it as it is.";
  }

  private ArchiveHeader header(
      Server server, Catalog catalog, MigrationHistory history, SchemaModel schema) {
    return new ArchiveHeader(
        ArchiveFormat.VERSION,
        ArchiveFormat.TOOL,
        config.toolVersion(),
        server.version(),
        server.versionNumber(),
        server.database(),
        server.encoding(),
        server.now().toInstant().toString(),
        config.codec().label(),
        config.effectiveLevel(),
        config.schemas(),
        history,
        catalog.tables(),
        catalog.sequences(),
        catalog.views(),
        new SchemaInfo(
            ArchiveFormat.schemaEntry(ArchiveFormat.VERSION, config.codec()),
            schema.objects().size(),
            schema.warnings(),
            List.copyOf(schema.roles())));
  }

  /** The archive's path: the configured file, or {@code <database>-<UTC time>.tar}. */
  private Path target(Server server) {
    if (config.toStandardOutput()) {
      return null;
    }
    if (config.file() != null) {
      return config.file().toAbsolutePath().normalize();
    }
    String name =
        server.database().replaceAll("[^A-Za-z0-9_.-]", "_")
            + "-"
            + FILE_TIME.format(server.now().withOffsetSameInstant(ZoneOffset.UTC))
            + ".tar";
    return config.defaultFolder().resolve(name).toAbsolutePath().normalize();
  }

  private void summarize(
      ArchiveHeader header, Manifest manifest, long archiveBytes, Duration elapsed, Path target) {
    double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
    List<String> excluded = new ArrayList<>();
    header.tables().stream()
        .filter(t -> !t.dataIncluded())
        .sorted(Comparator.comparing(TableInfo::displayName))
        .forEach(t -> excluded.add(t.displayName()));
    log.info(
        String.format(
            Locale.ROOT,
            "Backup complete: %d tables, %,d rows, %s of COPY text in a %s archive (%s level %d,"
                + " ratio %.2f) in %.1f s (%.1f MB/s)%s",
            header.tables().size(),
            manifest.rows(),
            Sizes.megabytes(manifest.rawBytes()),
            Sizes.megabytes(archiveBytes),
            header.compression(),
            header.compressionLevel(),
            archiveBytes == 0 ? 0.0 : (double) manifest.rawBytes() / archiveBytes,
            seconds,
            manifest.rawBytes() / 1e6 / seconds,
            target == null ? "" : ": " + target));
    if (!excluded.isEmpty()) {
      log.info("  Kept without data (excludeData): " + String.join(", ", excluded));
    }
    log.info(
        "  Also recorded: "
            + header.sequences().size()
            + " sequence(s), "
            + header.materializedViews().size()
            + " materialized view(s), "
            + header.history().migrations().size()
            + " migration(s)"
            + (header.history().currentVersion() == null
                ? ""
                : " (current version " + header.history().currentVersion() + ")")
            + ", and the schema: "
            + header.schema().objects()
            + " object(s) in "
            + header.schema().entry()
            + (header.schema().warnings().isEmpty()
                ? ""
                : ", " + header.schema().warnings().size() + " that cannot be reproduced (above)"));
  }
}
