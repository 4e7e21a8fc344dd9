package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What another migration tool recorded as applied in a database, for {@link Baseline}: Flyway's
 * history table or the Supabase CLI's {@code supabase_migrations.schema_migrations}.
 *
 * @param source the table, for messages, such as {@code Flyway's public.flyway_schema_history}
 * @param applied the applied versions, each with the script name the tool recorded
 * @param markers applied versions that stand for no file (Flyway's own baseline row)
 * @param coveredUpTo the tool's own baseline: every file up to it counts as applied; or null
 * @param warnings what was left out and why
 */
record ToolHistory(
    String source,
    Map<Version, String> applied,
    Set<Version> markers,
    Version coveredUpTo,
    List<String> warnings) {

  /** The applied versions that should have a migration file. */
  Map<Version, String> expectingFiles() {
    Map<Version, String> expecting = new LinkedHashMap<>(applied);
    expecting.keySet().removeAll(markers);
    return expecting;
  }

  /**
   * Reads Flyway's history in installed order. Failed rows and repeatable migrations (no version)
   * are left out; a version undone ({@code UNDO_*}) or marked deleted ({@code DELETE}) later is not
   * applied; a baseline row ({@code BASELINE}, {@code *_BASELINE}) covers every version up to its
   * own; {@code SCHEMA} rows (schemas Flyway created) are no migrations.
   *
   * @param table {@code name} in the connection's current schema, or {@code schema.name}
   */
  static ToolHistory flyway(Connection connection, String table, String database, Logger log)
      throws SQLException {
    String qualified = flywayTable(connection, table, database);
    Map<Version, String> applied = new LinkedHashMap<>();
    Set<Version> markers = new HashSet<>();
    Version coveredUpTo = null;
    Map<Version, String> failed = new LinkedHashMap<>();
    int repeatable = 0;
    List<String> warnings = new ArrayList<>();
    int dot = qualified.indexOf('.');
    String sql =
        "SELECT version, type, script, success FROM "
            + HistoryTable.quote(qualified.substring(0, dot))
            + "."
            + HistoryTable.quote(qualified.substring(dot + 1))
            + " ORDER BY installed_rank";
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        String versionText = rows.getString(1);
        String type = rows.getString(2) == null ? "" : rows.getString(2);
        String script = rows.getString(3);
        if (versionText == null) {
          repeatable++;
          continue;
        }
        Version version;
        try {
          version = Version.parse(versionText.trim());
        } catch (IllegalArgumentException e) {
          warnings.add(
              "Left out "
                  + script
                  + " of "
                  + qualified
                  + ": its version '"
                  + versionText
                  + "' is not a version pgkeeper understands.");
          continue;
        }
        if (!rows.getBoolean(4)) {
          failed.put(version, script);
        } else if (type.equals("DELETE") || type.startsWith("UNDO_")) {
          applied.remove(version);
        } else if (type.equals("BASELINE") || type.endsWith("_BASELINE")) {
          applied.put(version, script);
          if (type.equals("BASELINE")) {
            markers.add(version);
          }
          if (coveredUpTo == null || version.compareTo(coveredUpTo) > 0) {
            coveredUpTo = version;
          }
        } else if (!type.equals("SCHEMA")) {
          applied.put(version, script);
        }
      }
    }
    failed.keySet().removeAll(applied.keySet());
    if (!failed.isEmpty()) {
      warnings.add(
          "Flyway recorded these migrations as failed; they were not baselined, so migrate runs"
              + " them (check first that nothing of them is left in the database):\n"
              + failed.entrySet().stream()
                  .map(e -> "  " + e.getKey() + " " + e.getValue())
                  .collect(Collectors.joining("\n")));
    }
    if (repeatable > 0) {
      log.info(
          "Left out "
              + repeatable
              + " repeatable migration row(s) of "
              + qualified
              + ": pgkeeper has no repeatable migrations.");
    }
    return new ToolHistory("Flyway's " + qualified, applied, markers, coveredUpTo, warnings);
  }

  /** Reads the versions the Supabase CLI applied; it records successful migrations only. */
  static ToolHistory supabase(Connection connection) throws SQLException {
    if (!tableExists(connection, "supabase_migrations", "schema_migrations")) {
      throw new PgKeeperException(
          "This database has no "
              + Baseline.SUPABASE_TABLE
              + " table, so the Supabase CLI did not migrate it. Baseline from a version or from"
              + " flyway instead.",
          Setting.BASELINE_FROM);
    }
    Map<Version, String> applied = new TreeMap<>();
    List<String> warnings = new ArrayList<>();
    // to_jsonb reads the name column where the CLI's version of the table has one.
    String sql =
        "SELECT to_jsonb(m) ->> 'version', to_jsonb(m) ->> 'name' FROM "
            + Baseline.SUPABASE_TABLE
            + " m";
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        String versionText = rows.getString(1);
        String name = rows.getString(2);
        try {
          applied.put(
              Version.parse(versionText.trim()),
              versionText.trim() + (name == null || name.isEmpty() ? "" : "_" + name));
        } catch (IllegalArgumentException e) {
          warnings.add(
              "Left out version '"
                  + versionText
                  + "' of "
                  + Baseline.SUPABASE_TABLE
                  + ": it is not a version pgkeeper understands.");
        }
      }
    }
    return new ToolHistory(
        "Supabase's " + Baseline.SUPABASE_TABLE, applied, Set.of(), null, warnings);
  }

  /** The qualified name of Flyway's table, {@code schema.name}, after checking it exists. */
  private static String flywayTable(Connection connection, String text, String database)
      throws SQLException {
    int dot = text.indexOf('.');
    String schema = dot < 0 ? currentSchema(connection) : text.substring(0, dot);
    String name = dot < 0 ? text : text.substring(dot + 1);
    if (schema == null) {
      throw new PgKeeperException(
          "The connection has no current schema to look for " + text + " in; name it schema.table.",
          Setting.BASELINE_FLYWAY_TABLE);
    }
    if (!tableExists(connection, schema, name)) {
      throw new PgKeeperException(
          "No Flyway history table "
              + schema
              + "."
              + name
              + " in "
              + database
              + ". Name Flyway's table (schema.table when Flyway kept it in another schema).",
          Setting.BASELINE_FLYWAY_TABLE);
    }
    return schema + "." + name;
  }

  private static String currentSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT current_schema()")) {
      result.next();
      return result.getString(1);
    }
  }

  static boolean tableExists(Connection connection, String schema, String name)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      query.setString(1, HistoryTable.quote(schema) + "." + HistoryTable.quote(name));
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }
}
