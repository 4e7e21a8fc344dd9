package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationFailedException;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationScript;
import io.github.pgkeeper.core.migration.MigrationScriptException;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.migration.VectorIndexOptions;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Empirical idempotency: on a throwaway embedded PostgreSQL, applies every migration in order with
 * the migration engine, then runs each one a second time and reports those whose second run fails,
 * at the file and line the server points to. This catches what static rules cannot see, such as DO
 * blocks and data statements.
 *
 * <p>A migration that runs in a transaction is run again inside a transaction that is rolled back,
 * so every second run starts from the same state: all migrations applied once. A migration that
 * cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, {@code -- db:transaction off})
 * cannot be rolled back; those are run again for real, statement by statement on a fresh session,
 * after all the others, in version order. The server is thrown away afterwards, so what they leave
 * behind only affects the non-transactional ones after them.
 */
public final class ShadowCheck {
  private static final String DATABASE = "shadow";

  private ShadowCheck() {}

  /**
   * @param project whether the set is a Supabase project's: then the server has the Supabase
   *     flavour, so that {@code auth.users}, {@code auth.uid()} and the API roles exist
   * @param migrations where the migrations and the history table are; its connection is ignored
   */
  public static List<Finding> run(
      Path dataDirectory,
      SupabaseDetection project,
      MigrationConfig migrations,
      List<MigrationFile> files,
      Logger log) {
    List<Finding> findings = new ArrayList<>();
    log.info(
        "Shadow check: a throwaway "
            + project.flavor()
            + " server, since "
            + project.reason()
            + (project.supabase() ? "." : " (set the embedded flavor to supabase if it is one)."));
    EmbeddedConfig embedded =
        new EmbeddedConfig(dataDirectory, 0, DATABASE, null, Map.of(), project.flavor());
    try (EmbeddedServer server = EmbeddedServer.start(embedded, log)) {
      MigrationConfig shadow = migrations.withConnection(server.connection());
      try {
        new Migrator(shadow, log.progressToDebug()).migrate();
      } catch (MigrationFailedException e) {
        findings.add(
            new Finding(
                e.file().displayPath(),
                e.line(),
                1,
                Rule.SHADOW_APPLY_FAILED,
                Rule.SHADOW_APPLY_FAILED.defaultSeverity(),
                "Applying the migrations in order on an empty database fails here: "
                    + serverMessage(e.getCause())
                    + ". The second runs were not tried.",
                Rule.SHADOW_APPLY_FAILED.fix()));
        return findings;
      } catch (MigrationScriptException e) {
        log.warn("Shadow check skipped: " + e.getMessage());
        return findings;
      }
      log.info("Shadow check: all migrations applied; running each a second time.");
      rerunAll(server, files, findings);
    }
    return findings;
  }

  private static void rerunAll(
      EmbeddedServer server, List<MigrationFile> files, List<Finding> out) {
    List<MigrationScript> outsideTransaction = new ArrayList<>();
    try (Connection connection = Connections.open(server.connection())) {
      int major = connection.getMetaData().getDatabaseMajorVersion();
      // As the first run did (the migrator says what it leaves out): the same text runs twice.
      boolean vectorStandIn = VectorIndexOptions.standInOn(connection);
      connection.setAutoCommit(false);
      for (MigrationFile file : files) {
        MigrationScript script = MigrationScript.of(file, major, vectorStandIn, Logger.NONE);
        if (script.transactional()) {
          rerunRolledBack(connection, script).ifPresent(out::add);
        } else {
          outsideTransaction.add(script);
        }
      }
    } catch (SQLException e) {
      throw new PgKeeperException(
          "The shadow database failed: " + e.getMessage(), Setting.VALIDATE_SHADOW, e);
    }
    for (MigrationScript script : outsideTransaction) {
      try (Connection connection = Connections.open(server.connection())) {
        connection.setAutoCommit(true);
        rerun(connection, script).ifPresent(out::add);
      } catch (SQLException e) {
        throw new PgKeeperException(
            "The shadow database failed: " + e.getMessage(), Setting.VALIDATE_SHADOW, e);
      }
    }
  }

  private static Optional<Finding> rerunRolledBack(Connection connection, MigrationScript script)
      throws SQLException {
    try {
      return rerun(connection, script);
    } finally {
      connection.rollback();
    }
  }

  /** Runs the script's statements, stopping at the first the server rejects. */
  private static Optional<Finding> rerun(Connection connection, MigrationScript script)
      throws SQLException {
    try (Statement jdbc = connection.createStatement()) {
      jdbc.setEscapeProcessing(false);
      for (SqlStatement statement : script.up()) {
        try {
          jdbc.execute(statement.text());
        } catch (SQLException e) {
          ServerErrorMessage server =
              e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
          if (server == null) {
            throw e; // the connection broke: not the migration's fault
          }
          int line =
              server.getPosition() > 0 ? statement.lineAt(server.getPosition()) : statement.line();
          return Optional.of(
              new Finding(
                  script.file().displayPath(),
                  line,
                  line == statement.line() ? statement.column() : 1,
                  Rule.NOT_RERUNNABLE,
                  Rule.NOT_RERUNNABLE.defaultSeverity(),
                  "Running this migration a second time fails"
                      + (script.transactional()
                          ? ""
                          : " (it runs without a transaction: "
                              + script.notOneTransactionReason().orElse("")
                              + ")")
                      + ": "
                      + serverMessage(e),
                  Rule.NOT_RERUNNABLE.fix()));
        }
      }
    }
    return Optional.empty();
  }

  private static String serverMessage(Throwable error) {
    if (error instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      return server.getSeverity()
          + ": "
          + server.getMessage()
          + " [SQLSTATE "
          + server.getSQLState()
          + "]";
    }
    return String.valueOf(error == null ? "unknown error" : error.getMessage());
  }
}
