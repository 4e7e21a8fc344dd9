package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Supabase CLI's history table, {@code supabase_migrations.schema_migrations}, written as the
 * CLI writes it: the version as the file name spells it ({@code text}), the name after the first
 * underscore, and the statements as a {@code text[]}. The CLI compares versions as integers, which
 * is how {@link Version} compares plain numbers too.
 */
public final class SupabaseHistory {
  static final String SCHEMA = "supabase_migrations";
  static final String TABLE = Baseline.SUPABASE_TABLE;

  /** The CLI's own file pattern; files outside it are ones the CLI skips. */
  static final Pattern CLI_FILE_NAME = Pattern.compile("^([0-9]+)_(.*)\\.sql$");

  private SupabaseHistory() {}

  /** Whether the Supabase CLI runs a file of this name; it skips others without a word. */
  public static boolean cliRuns(String fileName) {
    return CLI_FILE_NAME.matcher(fileName).matches();
  }

  /**
   * Creates what is missing of the CLI's table, with the CLI's own DDL so that a table either side
   * created suits both: the schema, the table, its later columns. Only what is missing, since each
   * statement checks a privilege before it looks whether its object exists (CREATE on the database
   * for the schema, CREATE on the schema for the table, ownership for a column).
   */
  static void ensure(Connection connection) throws SQLException {
    boolean schemaExists;
    boolean tableExists;
    List<String> missingColumns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT n.oid IS NOT NULL, c.oid IS NOT NULL,"
                    + " NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = c.oid"
                    + " AND attname = 'statements' AND NOT attisdropped),"
                    + " NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = c.oid"
                    + " AND attname = 'name' AND NOT attisdropped)"
                    + " FROM (SELECT 1) AS one"
                    + " LEFT JOIN pg_namespace n ON n.nspname = '"
                    + SCHEMA
                    + "' LEFT JOIN pg_class c ON c.relnamespace = n.oid"
                    + " AND c.relname = 'schema_migrations'")) {
      result.next();
      schemaExists = result.getBoolean(1);
      tableExists = result.getBoolean(2);
      if (result.getBoolean(3)) {
        missingColumns.add("statements text[]");
      }
      if (result.getBoolean(4)) {
        missingColumns.add("name text");
      }
    }
    if (tableExists && missingColumns.isEmpty()) {
      return;
    }
    List<String> sql = new ArrayList<>();
    if (!tableExists) {
      Privileges privileges = Privileges.of(connection, SCHEMA);
      String what = "Keeping the Supabase CLI's history (historyMode=supabase) in " + TABLE;
      if (!schemaExists) {
        privileges.requireDatabaseCreate(
            what + " needs schema " + SCHEMA, Setting.HISTORY_MODE, "or use historyMode=pgkeeper");
        sql.add("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
      } else {
        privileges.requireSchemaCreate(what, Setting.HISTORY_MODE, "or use historyMode=pgkeeper");
      }
      sql.add("CREATE TABLE IF NOT EXISTS " + TABLE + " (version text NOT NULL PRIMARY KEY)");
    }
    for (String column : missingColumns) {
      sql.add("ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS " + column);
    }
    try (Statement statement = connection.createStatement()) {
      for (String each : sql) {
        statement.execute(each);
      }
    }
  }

  /** The row the CLI would have written for {@code file}; a re-run replaces it. */
  static String insertSql(MigrationFile file, List<SqlStatement> statements) {
    String array =
        statements.isEmpty()
            ? "'{}'::text[]"
            : statements.stream()
                .map(statement -> HistoryTable.literal(statement.text()))
                .collect(Collectors.joining(", ", "ARRAY[", "]::text[]"));
    return "INSERT INTO "
        + TABLE
        + " (version, name, statements) VALUES ("
        + HistoryTable.literal(file.version().toString())
        + ", "
        + HistoryTable.literal(name(file))
        + ", "
        + array
        + ") ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name,"
        + " statements = EXCLUDED.statements";
  }

  static String deleteSql(Version version) {
    return "DELETE FROM " + TABLE + " WHERE version = " + HistoryTable.literal(version.toString());
  }

  /** What the CLI records as the name: the file name after the version and its underscore. */
  static String name(MigrationFile file) {
    String fileName = file.path().getFileName().toString();
    Matcher cli = CLI_FILE_NAME.matcher(fileName);
    return cli.matches() ? cli.group(2) : file.description();
  }
}
