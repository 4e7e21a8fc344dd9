package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/**
 * The Supabase flavour of the embedded server: what a Supabase project's migrations expect to find.
 * Roles ({@code anon}, {@code authenticated}, {@code service_role}, {@code authenticator}, the
 * {@code supabase_*_admin} roles), the schemas {@code auth}, {@code storage}, {@code extensions},
 * {@code graphql}, {@code graphql_public}, {@code vault} and {@code realtime}, {@code auth.users}
 * and its companions, {@code auth.uid()} and friends, {@code storage.buckets} and {@code
 * storage.objects}, the {@code supabase_realtime} publication, Supabase's grants and search_path,
 * and the {@link StandInExtensions stand-in extensions}. The SQL lives in {@code
 * io/github/pgkeeper/supabase/*.sql}.
 */
public final class SupabaseFlavor {
  /** The scripts that prepare a database, in order. */
  static final List<String> SCRIPTS =
      List.of("roles", "schemas", "auth", "storage", "realtime", "platform", "grants");

  /**
   * Where Supabase-flavoured servers unpack their binaries: apart from the directory plain servers
   * (and other projects' zonky tests) share, so that the stand-in extensions written into it never
   * show up anywhere else; and one directory per set of stand-ins (named after their {@link
   * StandInExtensions#fingerprint() fingerprint}), so that builds with another pgkeeper version on
   * the same machine never rewrite the stand-ins this one uses.
   */
  static final Path BINARIES_DIRECTORY =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "pgkeeper-embedded-supabase",
          StandInExtensions.fingerprint());

  /**
   * The standard binaries, under a resolver of their own: zonky remembers unpacked binaries per
   * resolver, and would otherwise hand back the plain servers' directory.
   */
  private static final PgBinaryResolver BINARIES =
      (system, architecture) ->
          DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);

  private SupabaseFlavor() {}

  /** Makes {@code builder} unpack the binaries into the flavour's own directory. */
  static void configure(EmbeddedPostgres.Builder builder) {
    builder.setOverrideWorkingDirectory(BINARIES_DIRECTORY.toFile());
    builder.setPgBinaryResolver(BINARIES);
  }

  /** Installs the stand-in extensions into the running server and prepares its database. */
  static void prepare(EmbeddedServer server, Logger log) {
    long started = System.nanoTime();
    Path extensionDirectory = extensionDirectory(server.connection());
    try {
      StandInExtensions.install(extensionDirectory, log);
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot write the stand-in extensions into "
              + extensionDirectory
              + ": "
              + e.getMessage()
              + ". The directory must be writable; it is under "
              + BINARIES_DIRECTORY
              + ".",
          Setting.EMBEDDED_FLAVOR,
          e);
    }
    prepareDatabase(server.connection());
    log.info(
        "Prepared the Supabase flavour (roles, auth, storage, extensions, stand-ins) in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
  }

  /**
   * Creates the Supabase objects in one database, in one transaction: all of them or none. Roles
   * belong to the whole server and are created only where missing, so this also prepares a further
   * database (for example one per test) on a server started with the Supabase flavour.
   */
  public static void prepareDatabase(ConnectionConfig database) {
    try (Connection connection = Connections.open(database)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // Two databases prepared at once would both try to create the roles.
        statement.execute("SELECT pg_advisory_xact_lock(hashtext('pgkeeper supabase flavor'))");
        for (String script : SCRIPTS) {
          run(connection, statement, script);
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PgKeeperException(
          "Cannot prepare the Supabase flavour of the embedded database: " + e.getMessage(),
          Setting.EMBEDDED_FLAVOR,
          e);
    }
  }

  /**
   * Runs one script as a single multi-statement request: the scripts hold some 300 statements, and
   * splitting them with our own parser and sending them one by one cost as much as running them.
   * Only when the script fails is it split, to name the line of the statement that failed.
   */
  private static void run(Connection connection, Statement statement, String script)
      throws SQLException {
    String path = "/io/github/pgkeeper/supabase/" + script + ".sql";
    String text = resource(path);
    Savepoint beforeScript = connection.setSavepoint();
    try {
      statement.execute(text);
      connection.releaseSavepoint(beforeScript);
    } catch (SQLException failed) {
      connection.rollback(beforeScript);
      for (SqlStatement sql : SqlScript.parse(text).statements()) {
        try {
          statement.execute(sql.text());
        } catch (SQLException e) {
          throw new SQLException(
              path.substring(1) + " line " + sql.line() + ": " + e.getMessage(),
              e.getSQLState(),
              e);
        }
      }
      throw new SQLException(
          path.substring(1) + ": " + failed.getMessage(), failed.getSQLState(), failed);
    }
  }

  /** The server's own extension directory: {@code SHAREDIR/extension}. */
  private static Path extensionDirectory(ConnectionConfig connection) {
    try (Connection c = Connections.open(connection);
        Statement statement = c.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT setting FROM pg_config WHERE name = 'SHAREDIR'")) {
      result.next();
      return Path.of(result.getString(1), "extension");
    } catch (SQLException e) {
      throw new PgKeeperException(
          "Cannot find the embedded server's extension directory: " + e.getMessage());
    }
  }

  /** A text resource of the plugin, such as {@code /io/github/pgkeeper/supabase/auth.sql}. */
  static String resource(String path) {
    try (InputStream in = SupabaseFlavor.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
