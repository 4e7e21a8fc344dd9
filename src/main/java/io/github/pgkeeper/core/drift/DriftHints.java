package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.migration.StatusReport;
import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import io.github.pgkeeper.core.sql.Token;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The drift db:status and the online db:validate can see cheaply, without a shadow database: the
 * tables, views and columns of the history table's schema whose names no migration file contains.
 * One catalog query and the words of files already read; no migration is run. What it cannot see (a
 * changed type, an index, a grant, a function body) is db:diff's.
 *
 * <p>A name that some migration contains is taken as made by the migrations, so the hint never
 * names an object a migration made under its own name; an object made by dynamic SQL ({@code
 * EXECUTE format(…)}) or by a tool such as pg_partman is named although no person made it by hand.
 */
public final class DriftHints {
  private static final String OBJECTS =
      "SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),"
          + " c.relname, a.attname, pg_catalog.quote_ident(a.attname) FROM pg_catalog.pg_class c"
          + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
          + " AND NOT a.attisdropped"
          + " WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition"
          + " AND NOT (n.nspname = ? AND c.relname = ?)"
          + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid ="
          + " 'pg_catalog.pg_class'::pg_catalog.regclass AND e.objid = c.oid AND e.deptype = 'e')"
          + " ORDER BY c.relname, a.attnum";

  private DriftHints() {}

  /** db:status's report, with the drift hints of the same files. */
  public record Status(StatusReport report, List<String> hints) {}

  public static Status status(MigrationConfig config, Logger log) {
    List<MigrationFile> files = config.scan(log).requireUniqueVersions();
    StatusReport report = new Migrator(config, log).status(files);
    return new Status(report, find(config, files, log));
  }

  /**
   * The objects no migration names, as {@code public.handmade} (a table or view) and {@code
   * public.orders.shipped} (a column of a table some migration names); empty when the catalog
   * cannot be read.
   */
  public static List<String> find(MigrationConfig config, List<MigrationFile> files, Logger log) {
    Set<String> words = words(files);
    Map<String, List<String>> unnamed = new LinkedHashMap<>();
    ConnectionConfig database = config.connection();
    try (Connection connection = Connections.open(database);
        PreparedStatement statement = connection.prepareStatement(OBJECTS)) {
      statement.setString(1, config.historySchema());
      statement.setString(2, config.historySchema());
      statement.setString(3, config.historyTable());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          String table = rows.getString(1);
          String column = rows.getString(3);
          if (!words.contains(rows.getString(2).toLowerCase(Locale.ROOT))) {
            unnamed.putIfAbsent(table, List.of());
          } else if (column != null && !words.contains(column.toLowerCase(Locale.ROOT))) {
            unnamed
                .computeIfAbsent(table, t -> new ArrayList<>())
                .add(table + "." + rows.getString(4));
          }
        }
      }
    } catch (SQLException e) {
      log.debug("No drift hints: " + e.getMessage());
      return List.of();
    }
    List<String> hints = new ArrayList<>();
    unnamed.forEach((table, columns) -> hints.addAll(columns.isEmpty() ? List.of(table) : columns));
    return hints;
  }

  /** One line for a log: what no migration names, and what to run. */
  public static String describe(List<String> hints) {
    int shown = Math.min(hints.size(), 10);
    return "Drift: "
        + hints.size()
        + " table(s), view(s) or column(s) of the database are named in no migration, so they"
        + " were probably made by hand: "
        + String.join(", ", hints.subList(0, shown))
        + (hints.size() > shown ? ", …" : "")
        + ". Run db:diff to compare the whole schema and to write the migration that adopts it.";
  }

  /** Every identifier of every file, lower-cased; quoted ones as written, lower-cased too. */
  private static Set<String> words(List<MigrationFile> files) {
    Set<String> words = new HashSet<>();
    for (MigrationFile file : files) {
      String sql = file.content();
      List<Token> tokens;
      try {
        tokens = SqlLexer.tokenize(sql);
      } catch (SqlSyntaxException e) {
        // An unclosed quote: its words still count, as the lexer cannot tell them apart.
        addWords(sql, words);
        continue;
      }
      for (Token token : tokens) {
        String text = token.text(sql);
        switch (token.type()) {
          case WORD -> words.add(text.toLowerCase(Locale.ROOT));
          case QUOTED_IDENTIFIER ->
              words.add(
                  text.substring(1, text.length() - 1)
                      .replace("\"\"", "\"")
                      .toLowerCase(Locale.ROOT));
          // Bodies of functions and DO blocks, and dynamic SQL: their words count as well.
          case STRING, DOLLAR_STRING, LINE_COMMENT, BLOCK_COMMENT -> addWords(text, words);
          default -> {}
        }
      }
    }
    return words;
  }

  private static void addWords(String text, Set<String> words) {
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}_$]+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
  }
}
