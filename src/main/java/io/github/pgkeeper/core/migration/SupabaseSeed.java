package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The seed data {@code supabase db reset} loads after the migrations: the files {@code [db.seed]
 * sql_paths} of {@code supabase/config.toml} names (globs relative to {@code supabase/}, default
 * {@code ./seed.sql}), unless {@code enabled = false} there. Each file runs in one transaction, as
 * the CLI sends it in one batch; it is not recorded as a migration.
 */
public final class SupabaseSeed {
  private static final List<String> DEFAULT_PATHS = List.of("./seed.sql");

  private SupabaseSeed() {}

  /**
   * The seed files of the project whose CLI folder is {@code supabaseFolder}, in the CLI's order:
   * pattern by pattern, each pattern's matches sorted by name, none twice. Empty when the folder,
   * the files or {@code enabled} say there is nothing to seed.
   */
  public static List<Path> files(Path supabaseFolder, Logger log) {
    SeedSettings settings = SeedSettings.read(supabaseFolder.resolve("config.toml"));
    if (!settings.enabled()) {
      log.info("Not seeding: [db.seed] enabled = false in " + FOLDER_CONFIG + ".");
      return List.of();
    }
    List<String> patterns = settings.sqlPaths() == null ? DEFAULT_PATHS : settings.sqlPaths();
    Set<Path> found = new LinkedHashSet<>();
    for (String pattern : patterns) {
      List<Path> matches = glob(supabaseFolder, pattern);
      if (matches.isEmpty() && settings.sqlPaths() != null) {
        log.warn(
            "No seed file matches '"
                + pattern
                + "' ([db.seed] sql_paths of "
                + FOLDER_CONFIG
                + ", relative to supabase/).");
      }
      found.addAll(matches);
    }
    return List.copyOf(found);
  }

  private static final String FOLDER_CONFIG = "supabase/config.toml";

  /**
   * Runs each seed file in a transaction of its own, after the migrations.
   *
   * @throws PgKeeperException naming the file, the line and the server's message when a statement
   *     fails; that file is rolled back, the files before it stay
   */
  public static void run(
      ConnectionConfig connection, List<Path> files, Path displayBase, Logger log) {
    try (Connection db = Connections.open(connection)) {
      for (Path file : files) {
        String shown = display(displayBase, file);
        log.info("Seeding data from " + shown);
        runFile(db, file, shown);
      }
    } catch (SQLException e) {
      throw new PgKeeperException("Cannot seed the database: " + e.getMessage(), Setting.SEED);
    }
  }

  private static void runFile(Connection db, Path file, String shown) throws SQLException {
    String content;
    try {
      content = Checksums.normalize(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PgKeeperException("Cannot read seed file " + shown + ": " + e, Setting.SEED);
    }
    SqlScript script;
    try {
      script = SqlScript.parse(content);
    } catch (SqlSyntaxException e) {
      throw new PgKeeperException(
          shown + ":" + e.line() + ":" + e.column() + ": " + e.getMessage(), Setting.SEED);
    }
    // A file that is one BEGIN ... COMMIT block runs in our transaction; one with transaction
    // control of its own inside runs statement by statement, so that its blocks decide.
    boolean ownTransactions = script.body().stream().anyMatch(SqlScript::isTransactionControl);
    db.setAutoCommit(ownTransactions);
    SqlStatement current = null;
    try (Statement statement = db.createStatement()) {
      for (SqlStatement each : script.body()) {
        current = each;
        statement.execute(each.text());
      }
      if (!ownTransactions) {
        db.commit();
      }
    } catch (SQLException e) {
      if (!db.getAutoCommit()) {
        db.rollback();
      } else if (!db.isClosed()) {
        try (Statement abort = db.createStatement()) {
          abort.execute("ROLLBACK"); // ends a block the file left open; a warning if none
        }
      }
      throw failure(shown, current, e, ownTransactions);
    }
  }

  private static PgKeeperException failure(
      String shown, SqlStatement statement, SQLException error, boolean ownTransactions) {
    ServerErrorMessage server =
        error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    int line = statement == null ? 1 : statement.line();
    if (statement != null && server != null && server.getPosition() > 0) {
      line = statement.lineAt(server.getPosition());
    }
    String reason =
        server != null ? server.getSeverity() + ": " + server.getMessage() : error.getMessage();
    return new PgKeeperException(
        "Seed "
            + shown
            + ":"
            + line
            + " failed: "
            + reason
            + " [SQLSTATE "
            + error.getSQLState()
            + "]\n"
            + (ownTransactions
                ? "The statements of its own committed blocks before that line stay."
                : "The seed file was rolled back.")
            + " The migrations stay applied. Fix the file and start the database again, or turn"
            + " the seed off.",
        Setting.SEED);
  }

  /** Go's fs.Glob relative to the CLI folder: no match for a missing literal path. */
  private static List<Path> glob(Path folder, String pattern) {
    String relative = pattern.replace('\\', '/');
    while (relative.startsWith("./")) {
      relative = relative.substring(2);
    }
    if (relative.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
      Path file = folder.resolve(relative).normalize();
      return Files.isRegularFile(file) ? List.of(file) : List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + relative);
    int depth = relative.split("/").length;
    List<Path> matches = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder, depth)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> matcher.matches(folder.relativize(p)))
          .sorted(
              (a, b) ->
                  MigrationOrder.compareBytes(
                      folder.relativize(a).toString(), folder.relativize(b).toString()))
          .forEach(matches::add);
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot list seed files '" + pattern + "': " + e.getMessage(), Setting.SEED);
    }
    return matches;
  }

  private static String display(Path base, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path root = base.toAbsolutePath().normalize();
    return absolute.startsWith(root)
        ? root.relativize(absolute).toString().replace('\\', '/')
        : absolute.toString();
  }
}
