package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.Discovery;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationFailedException;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationNamer;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The schema the migration files produce, built by applying them to an empty database: a throwaway
 * embedded PostgreSQL of the live server's major version, or the empty database the user gives.
 *
 * <p>A given database must be empty (no table, view, sequence, function or type in the compared
 * schemas, no history table): db:diff never drops anything in a database it did not start, so a
 * wrong URL cannot cost data. It is left holding the migrated schema; recreate it before the next
 * run, as a CI service container is.
 */
final class Shadow {
  private static final String DATABASE = "shadow";

  private Shadow() {}

  /**
   * The migrated schema, where it was built ({@code an embedded PostgreSQL 16.10}), and the name
   * the next migration after these would get.
   */
  record Built(SchemaModel model, String description, Path nextMigration) {}

  static Built build(DriftConfig config, LiveSchema live, Logger log) {
    Discovery discovery = config.migrations().scan(log);
    List<MigrationFile> files = discovery.requireUniqueVersions();
    Built built =
        config.shadowUrl() != null
            ? onGivenDatabase(config, live, log)
            : onEmbeddedServer(config, live, files, log);
    return new Built(built.model(), built.description(), nextMigration(config, files, log));
  }

  /** Where the next migration after {@code files} goes: {@code migrations/V4__adopt_drift.sql}. */
  private static Path nextMigration(DriftConfig config, List<MigrationFile> files, Logger log) {
    List<Path> locations = config.migrations().locations();
    if (locations.isEmpty()) {
      return null;
    }
    Path base = config.migrations().baseDirectory().toAbsolutePath().normalize();
    String name =
        new MigrationNamer(base, log, Clock.systemUTC()).nextFileName(files, "adopt drift");
    Path file = locations.get(0).toAbsolutePath().normalize().resolve(name);
    return file.startsWith(base) ? base.relativize(file) : file;
  }

  private static Built onGivenDatabase(DriftConfig config, LiveSchema live, Logger log) {
    ConnectionConfig shadow = config.shadowUrl();
    int major;
    try (Connection connection = open(shadow)) {
      major = connection.getMetaData().getDatabaseMajorVersion();
      refuseUnlessEmpty(connection, shadow, config);
    } catch (SQLException e) {
      throw unreachable(shadow, e.getMessage(), e);
    }
    if (major != live.major()) {
      log.warn(
          "The shadow database runs PostgreSQL "
              + major
              + ", the live one "
              + live.major()
              + ": definitions may print differently across major versions and show as changes.");
    }
    migrate(config.migrations().withConnection(shadow), log);
    return new Built(read(shadow, config.schemas()), shadow.maskedUrl(), null);
  }

  private static Built onEmbeddedServer(
      DriftConfig config, LiveSchema live, List<MigrationFile> files, Logger log) {
    Optional<Path> jar = config.binaries().forMajor(live.major());
    EmbeddedConfig embedded =
        new EmbeddedConfig(config.shadowDataDirectory(), 0, DATABASE, null, Map.of());
    if (jar.isPresent()) {
      embedded = embedded.withBinaries(jar.get());
    }
    try (EmbeddedServer server = EmbeddedServer.start(embedded, log.progressToDebug())) {
      ConnectionConfig admin = server.connection();
      int major = majorOf(admin);
      if (major != live.major()) {
        throw new PgKeeperException(
            "The live database runs PostgreSQL "
                + live.major()
                + ", but the embedded shadow server runs "
                + major
                + ": their definitions would not compare. Give a shadow database of PostgreSQL "
                + live.major()
                + ".",
            Setting.DIFF_SHADOW_URL);
      }
      ConnectionConfig migrator = ShadowRoles.prepare(admin, live, files);
      migrate(config.migrations().withConnection(migrator), log);
      return new Built(
          read(admin, config.schemas()), "an embedded PostgreSQL " + server.serverVersion(), null);
    }
  }

  private static void migrate(MigrationConfig shadow, Logger log) {
    try {
      new Migrator(shadow.withValidateOnMigrate(false).withTarget(null), log.progressToDebug())
          .migrate();
    } catch (MigrationFailedException e) {
      throw new PgKeeperException(
          e.file().location(e.line())
              + ": this migration fails on the empty shadow database, so db:diff cannot build the"
              + " schema the migrations produce: "
              + serverMessage(e)
              + ". Fix the migration (db:validate -Ddb.validate.shadow=true shows the same).",
          null,
          e);
    }
  }

  private static SchemaModel read(ConnectionConfig database, List<String> schemas) {
    try (Connection connection = open(database)) {
      connection.setAutoCommit(false);
      SchemaModel model = SchemaReader.read(connection, schemas);
      connection.rollback();
      return model;
    } catch (SQLException e) {
      throw unreachable(database, e.getMessage(), e);
    }
  }

  /** Anything in the compared schemas, or a history table: the database is not empty. */
  private static void refuseUnlessEmpty(
      Connection connection, ConnectionConfig shadow, DriftConfig config) throws SQLException {
    String sql =
        "SELECT (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = ANY(?) OR (n.nspname = ? AND"
            + " c.relname = ?))"
            + " + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n"
            + " ON n.oid = p.pronamespace WHERE n.nspname = ANY(?))"
            + " + (SELECT count(*) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n"
            + " ON n.oid = t.typnamespace WHERE n.nspname = ANY(?) AND t.typtype IN ('e', 'd',"
            + " 'r', 'm') )";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      var schemas = connection.createArrayOf("text", config.schemas().toArray());
      statement.setArray(1, schemas);
      statement.setString(2, config.migrations().historySchema());
      statement.setString(3, config.migrations().historyTable());
      statement.setArray(4, schemas);
      statement.setArray(5, schemas);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        long objects = row.getLong(1);
        if (objects > 0) {
          throw new PgKeeperException(
              "The shadow database "
                  + shadow.maskedUrl()
                  + " is not empty: it holds "
                  + objects
                  + " table(s), view(s), sequence(s), function(s) or type(s) in schema(s) "
                  + String.join(", ", config.schemas())
                  + " or a history table. db:diff builds the migrations there and drops nothing,"
                  + " so that a wrong URL cannot cost data: give an empty database (DROP DATABASE"
                  + " and CREATE DATABASE it), or leave the setting out for an embedded one.",
              Setting.DIFF_SHADOW_URL);
        }
      }
    }
  }

  private static Connection open(ConnectionConfig database) {
    try {
      return Connections.open(database);
    } catch (PgKeeperException e) {
      if (database.urlSetting() != Setting.DIFF_SHADOW_URL) {
        throw e;
      }
      throw unreachable(database, e.getMessage(), e);
    }
  }

  private static PgKeeperException unreachable(ConnectionConfig shadow, String why, Exception e) {
    return new PgKeeperException(
        "db:diff cannot use the shadow database " + shadow.maskedUrl() + ": " + why,
        Setting.DIFF_SHADOW_URL,
        e);
  }

  private static int majorOf(ConnectionConfig database) {
    try (Connection connection = Connections.open(database)) {
      return connection.getMetaData().getDatabaseMajorVersion();
    } catch (SQLException e) {
      throw new PgKeeperException("The embedded shadow server failed: " + e.getMessage());
    }
  }

  private static String serverMessage(MigrationFailedException e) {
    if (e.getCause() instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      return server.getSeverity()
          + ": "
          + server.getMessage()
          + " [SQLSTATE "
          + server.getSQLState()
          + "]";
    }
    return e.getMessage().lines().findFirst().orElse("");
  }
}
