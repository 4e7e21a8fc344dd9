package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The table that records which migrations ran. Its default name, {@code pgkeeper_history}, is
 * distinct from Flyway's {@code flyway_schema_history}, Liquibase's {@code databasechangelog},
 * dbmate's and Rails' {@code schema_migrations} and Supabase's {@code
 * supabase_migrations.schema_migrations}, so the plugin can be adopted next to any of them.
 */
public final class HistoryTable {
  public static final String DEFAULT_SCHEMA = "public";
  public static final String DEFAULT_NAME = "pgkeeper_history";

  private final String schema;
  private final String name;
  private final String qualified;
  private final HistoryMode mode;

  public HistoryTable(String schema, String name) {
    this(schema, name, HistoryMode.PGKEEPER);
  }

  public HistoryTable(String schema, String name, HistoryMode mode) {
    this.schema = schema;
    this.name = name;
    this.qualified = quote(schema) + "." + quote(name);
    this.mode = mode;
  }

  /** The history table a configuration names, in its mode. */
  static HistoryTable of(MigrationConfig config) {
    return new HistoryTable(config.historySchema(), config.historyTable(), config.historyMode());
  }

  /** Whether the Supabase CLI's table is kept beside this one. */
  boolean keepsSupabaseHistory() {
    return mode == HistoryMode.SUPABASE;
  }

  /**
   * Creates the Supabase CLI's table, or the columns it lacks, if anything is missing (in Supabase
   * mode); only what is missing, for the reasons {@link #create} gives. The caller commits.
   */
  void ensureSupabaseTable(Connection connection) throws SQLException {
    if (keepsSupabaseHistory()) {
      SupabaseHistory.ensure(connection);
    }
  }

  /** The Supabase CLI's row for an applied migration, as SQL; none unless in Supabase mode. */
  List<String> supabaseInsertSql(MigrationScript script) {
    return keepsSupabaseHistory()
        ? List.of(SupabaseHistory.insertSql(script.file(), script.up()))
        : List.of();
  }

  /** Records an applied migration in the Supabase CLI's table too (in Supabase mode). */
  void recordInSupabaseHistory(Connection connection, MigrationScript script) throws SQLException {
    for (String sql : supabaseInsertSql(script)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }
  }

  /** Removes an undone migration from the Supabase CLI's table too (in Supabase mode). */
  void removeFromSupabaseHistory(Connection connection, Version version) throws SQLException {
    if (keepsSupabaseHistory()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(SupabaseHistory.deleteSql(version));
      }
    }
  }

  /**
   * The name of the marker a staged db:restore keeps beside this table, in its schema, while it
   * runs: {@code pgkeeper_history_restore}. Committed first and dropped with the restore's last
   * transaction, so a killed restore leaves it ({@link UnfinishedRestore}).
   */
  public String restoreMarkerName() {
    return name + "_restore";
  }

  String schema() {
    return schema;
  }

  /** The table's name for messages, such as {@code public.pgkeeper_history}. */
  public String displayName() {
    return schema + "." + name;
  }

  public boolean exists(Connection connection) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      query.setString(1, qualified);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  /**
   * Creates the schema and the table if they are missing, and only what is missing: {@code CREATE
   * SCHEMA IF NOT EXISTS} checks CREATE on the database before it looks whether the schema exists,
   * and {@code CREATE TABLE IF NOT EXISTS} checks CREATE on the schema, so a role allowed to create
   * tables in an existing schema, or to write an existing table, would be refused. The caller
   * commits.
   *
   * @throws PgKeeperException when the connected role lacks the privilege to create what is
   *     missing, naming the privilege, the object and the GRANT that gives it
   */
  public void create(Connection connection) throws SQLException {
    if (exists(connection)) {
      return;
    }
    Privileges privileges = Privileges.of(connection, schema);
    List<String> statements = createStatements();
    if (!privileges.schemaExists()) {
      privileges.requireDatabaseCreate(
          "The history table " + displayName() + " goes into schema " + schema,
          Setting.HISTORY_TABLE,
          "or set historySchema to a schema that exists");
      execute(connection, statements.get(0));
    } else {
      privileges.requireSchemaCreate(
          "Creating the history table " + displayName(),
          Setting.HISTORY_TABLE,
          "or set historySchema to a schema where it may create tables");
    }
    execute(connection, statements.get(1));
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The statements that create the schema and the table, for {@link #create} and dry runs. */
  public List<String> createStatements() {
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS " + quote(schema),
        "CREATE TABLE IF NOT EXISTS "
            + qualified
            + " (\n"
            + "  installed_rank integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
            + "  version text NOT NULL,\n"
            + "  description text NOT NULL,\n"
            + "  script text NOT NULL,\n"
            + "  checksum text NOT NULL,\n"
            + "  installed_by text NOT NULL DEFAULT current_user,\n"
            + "  installed_at timestamptz NOT NULL DEFAULT now(),\n"
            + "  execution_time_ms integer NOT NULL,\n"
            + "  success boolean NOT NULL,\n"
            + "  statement_count integer,\n"
            + "  statements_applied integer,\n"
            + "  progress_checksum text\n"
            + ")");
  }

  /**
   * The run time as the server sees it inside the migration's transaction: from its start ({@code
   * now()}) to the history insert.
   */
  static final String SERVER_ELAPSED_MS =
      "(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer";

  /** The row a successful run of {@code file} records, as literal SQL for a dry run. */
  public String insertSql(MigrationFile file) {
    return insertSql(file, "<elapsed ms>");
  }

  /** The row a successful run of {@code file} records, with the run time as SQL. */
  String insertSql(MigrationFile file, String elapsedMillis) {
    return "INSERT INTO "
        + qualified
        + " (version, description, script, checksum, execution_time_ms, success) VALUES ("
        + literal(file.version().toString())
        + ", "
        + literal(file.description())
        + ", "
        + literal(file.script())
        + ", "
        + literal(file.checksum())
        + ", "
        + elapsedMillis
        + ", true)";
  }

  /** The row {@link #startProgress} inserts, as literal SQL for a dry run. */
  String startProgressSql(MigrationFile file, int statementCount, String checksum) {
    return "INSERT INTO "
        + qualified
        + " (version, description, script, checksum, execution_time_ms, success,"
        + " statement_count, statements_applied, progress_checksum) VALUES ("
        + literal(file.version().toString())
        + ", "
        + literal(file.description())
        + ", "
        + literal(file.script())
        + ", "
        + literal(file.checksum())
        + ", 0, false, "
        + statementCount
        + ", 0, "
        + literal(checksum)
        + ") RETURNING installed_rank";
  }

  /** The update {@link #recordProgress} makes, as literal SQL for a dry run. */
  String progressSql(MigrationFile file, int applied, String checksum) {
    return "UPDATE "
        + qualified
        + " SET statements_applied = "
        + applied
        + ", progress_checksum = "
        + literal(checksum)
        + ", checksum = "
        + literal(file.checksum())
        + ", execution_time_ms = <elapsed ms>, installed_at = now() WHERE installed_rank = <rank>";
  }

  /** The update {@link #finishProgress} makes, as literal SQL for a dry run. */
  String finishProgressSql() {
    return "UPDATE " + qualified + " SET success = true WHERE installed_rank = <rank>";
  }

  /** The removal of a row, as literal SQL for a dry run. */
  public String deleteSql(AppliedMigration row) {
    return "DELETE FROM " + qualified + " WHERE installed_rank = " + row.rank();
  }

  /**
   * A string constant that reads the same whatever standard_conforming_strings says: an E'' string
   * when the text holds a backslash.
   */
  static String literal(String text) {
    String quoted = text.replace("'", "''");
    return text.indexOf('\\') < 0 ? "'" + quoted + "'" : "E'" + quoted.replace("\\", "\\\\") + "'";
  }

  /** Every row, oldest first; empty if the table does not exist. */
  public List<AppliedMigration> read(Connection connection) throws SQLException {
    List<AppliedMigration> rows = new ArrayList<>();
    if (!exists(connection)) {
      return rows;
    }
    String sql =
        "SELECT installed_rank, version, description, script, checksum, installed_by,"
            + " installed_at, execution_time_ms, success, statement_count, statements_applied,"
            + " progress_checksum FROM "
            + qualified
            + " ORDER BY installed_rank";
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(
            new AppliedMigration(
                result.getInt(1),
                Version.parse(result.getString(2)),
                result.getString(3),
                result.getString(4),
                result.getString(5),
                result.getString(6),
                result.getObject(7, OffsetDateTime.class),
                result.getInt(8),
                result.getBoolean(9),
                (Integer) result.getObject(10),
                (Integer) result.getObject(11),
                result.getString(12)));
      }
    }
    return rows;
  }

  /** Records a run of {@code file}; the caller decides which transaction it belongs to. */
  public void insert(Connection connection, MigrationFile file, long millis, boolean success)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + qualified
            + " (version, description, script, checksum, execution_time_ms, success)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, file.version().toString());
      insert.setString(2, file.description());
      insert.setString(3, file.script());
      insert.setString(4, file.checksum());
      insert.setInt(5, (int) Math.min(Integer.MAX_VALUE, millis));
      insert.setBoolean(6, success);
      insert.executeUpdate();
    }
  }

  /**
   * Inserts rows exactly as another history table recorded them (ranks, times and all), as a
   * restore rebuilding a database does, and moves the rank identity past them. The caller commits.
   */
  public void insertAll(Connection connection, List<AppliedMigration> rows) throws SQLException {
    String sql =
        "INSERT INTO "
            + qualified
            + " (installed_rank, version, description, script, checksum, installed_by,"
            + " installed_at, execution_time_ms, success, statement_count, statements_applied,"
            + " progress_checksum) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (AppliedMigration row : rows) {
        insert.setInt(1, row.rank());
        insert.setString(2, row.version().toString());
        insert.setString(3, row.description());
        insert.setString(4, row.script());
        insert.setString(5, row.checksum());
        insert.setString(6, row.installedBy());
        insert.setObject(7, row.installedAt());
        insert.setInt(8, row.executionTimeMillis());
        insert.setBoolean(9, row.success());
        insert.setObject(10, row.statementCount(), java.sql.Types.INTEGER);
        insert.setObject(11, row.statementsApplied(), java.sql.Types.INTEGER);
        insert.setString(12, row.progressChecksum());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement sync =
        connection.prepareStatement(
            "SELECT setval(pg_get_serial_sequence(?, 'installed_rank'),"
                + " coalesce(max(installed_rank), 1), max(installed_rank) IS NOT NULL) FROM "
                + qualified)) {
      sync.setString(1, qualified);
      sync.execute();
    }
  }

  /** Removes history rows by rank, such as failed attempts before their version is tried again. */
  public void delete(Connection connection, List<AppliedMigration> rows) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM " + qualified + " WHERE installed_rank = ?")) {
      for (AppliedMigration row : rows) {
        delete.setInt(1, row.rank());
        delete.addBatch();
      }
      delete.executeBatch();
    }
  }

  /**
   * Starts recording a migration that runs statement by statement: a failed row with no statement
   * applied yet, committed at once (the connection is in autocommit). Returns its rank.
   */
  public int startProgress(
      Connection connection, MigrationFile file, int statementCount, String checksum)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + qualified
            + " (version, description, script, checksum, execution_time_ms, success,"
            + " statement_count, statements_applied, progress_checksum)"
            + " VALUES (?, ?, ?, ?, 0, false, ?, 0, ?) RETURNING installed_rank";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, file.version().toString());
      insert.setString(2, file.description());
      insert.setString(3, file.script());
      insert.setString(4, file.checksum());
      insert.setInt(5, statementCount);
      insert.setString(6, checksum);
      try (ResultSet result = insert.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }

  /** Records that the first {@code applied} statements ran, and the checksum of their text. */
  public void recordProgress(
      Connection connection,
      int rank,
      MigrationFile file,
      int applied,
      String checksum,
      long millis)
      throws SQLException {
    String sql =
        "UPDATE "
            + qualified
            + " SET statements_applied = ?, progress_checksum = ?, checksum = ?,"
            + " execution_time_ms = ?, installed_at = now() WHERE installed_rank = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setInt(1, applied);
      update.setString(2, checksum);
      update.setString(3, file.checksum());
      update.setInt(4, (int) Math.min(Integer.MAX_VALUE, millis));
      update.setInt(5, rank);
      update.executeUpdate();
    }
  }

  /** Marks a migration recorded with {@link #startProgress} as complete. */
  public void finishProgress(Connection connection, int rank) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE " + qualified + " SET success = true WHERE installed_rank = ?")) {
      update.setInt(1, rank);
      update.executeUpdate();
    }
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /**
   * Re-records the checksum, description and script name of an applied migration from its file, as
   * db:repair does after an intended change to an applied file. The caller commits.
   */
  public void realign(Connection connection, int rank, MigrationFile file) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE "
                + qualified
                + " SET checksum = ?, description = ?, script = ? WHERE installed_rank = ?")) {
      update.setString(1, file.checksum());
      update.setString(2, file.description());
      update.setString(3, file.script());
      update.setInt(4, rank);
      update.executeUpdate();
    }
  }
}
