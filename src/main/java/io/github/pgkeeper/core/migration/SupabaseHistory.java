package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.SqlStatement;
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
  static final String TABLE = Baseline.SUPABASE_TABLE;

  /** The CLI's own file pattern; files outside it are ones the CLI skips. */
  static final Pattern CLI_FILE_NAME = Pattern.compile("^([0-9]+)_(.*)\\.sql$");

  private SupabaseHistory() {}

  /** Whether the Supabase CLI runs a file of this name; it skips others without a word. */
  public static boolean cliRuns(String fileName) {
    return CLI_FILE_NAME.matcher(fileName).matches();
  }

  /** The CLI's own DDL, so that a table either side created suits both. */
  static List<String> createStatements() {
    return List.of(
        "CREATE SCHEMA IF NOT EXISTS supabase_migrations",
        "CREATE TABLE IF NOT EXISTS " + TABLE + " (version text NOT NULL PRIMARY KEY)",
        "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS statements text[]",
        "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS name text");
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
