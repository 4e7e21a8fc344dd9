package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a restore may change in the public schema, in a comparable form: per table and
 * materialized view its row count and an order-independent hash of all rows; per sequence its
 * state; and the catalog's tables, indexes and constraints with their definitions and triggers with
 * their enabled state.
 */
final class DatabaseSnapshot {
  private DatabaseSnapshot() {}

  static Map<String, String> of(ConnectionConfig config) {
    Map<String, String> snapshot = new TreeMap<>();
    try (Connection connection = Connections.open(config);
        Statement statement = connection.createStatement()) {
      List<String[]> relations = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT c.oid::regclass::text, c.relkind FROM pg_class c"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm', 'S')"
                  + " ORDER BY 1")) {
        while (rows.next()) {
          relations.add(new String[] {rows.getString(1), rows.getString(2)});
        }
      }
      for (String[] relation : relations) {
        String name = relation[0];
        String sql =
            relation[1].equals("S")
                ? "SELECT last_value || '/' || is_called FROM " + name
                : "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(md5(t::text), ''"
                    + " ORDER BY md5(t::text))), 'none') FROM "
                    + name
                    + " t";
        try (ResultSet rows = statement.executeQuery(sql)) {
          rows.next();
          snapshot.put(name, rows.getString(1));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT 'index ' || indexrelid::regclass::text, pg_get_indexdef(indexrelid)"
                  + " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                  + " WHERE c.relnamespace = 'public'::regnamespace"
                  + " UNION ALL SELECT 'constraint ' || conrelid::regclass::text || '.' || conname,"
                  + " pg_get_constraintdef(oid) || ' valid=' || convalidated FROM pg_constraint"
                  + " WHERE connamespace = 'public'::regnamespace"
                  + " UNION ALL SELECT 'trigger ' || tgrelid::regclass::text || '.' || tgname,"
                  + " tgenabled::text FROM pg_trigger WHERE NOT tgisinternal")) {
        while (rows.next()) {
          snapshot.put(rows.getString(1), rows.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return snapshot;
  }

  /** The tables' and views' rows only (no sequences, no catalog). */
  static Map<String, String> rows(ConnectionConfig config) {
    Map<String, String> rows = new TreeMap<>(of(config));
    rows.keySet()
        .removeIf(
            k ->
                k.startsWith("index ")
                    || k.startsWith("constraint ")
                    || k.startsWith("trigger ")
                    || k.endsWith("_seq"));
    return rows;
  }
}
