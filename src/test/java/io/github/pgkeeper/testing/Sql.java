package io.github.pgkeeper.testing;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for tests that look into the database. */
public final class Sql {
  private Sql() {}

  /** The first column of every row of {@code query}, as strings. */
  public static List<String> column(ConnectionConfig config, String query) {
    try (Connection connection = Connections.open(config);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      List<String> values = new ArrayList<>();
      while (result.next()) {
        values.add(result.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(query + ": " + e.getMessage(), e);
    }
  }

  public static String value(ConnectionConfig config, String query) {
    List<String> values = column(config, query);
    return values.isEmpty() ? null : values.get(0);
  }

  public static void execute(ConnectionConfig config, String sql) {
    try (Connection connection = Connections.open(config);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The tables of the public schema, sorted. */
  public static List<String> tables(ConnectionConfig config) {
    return column(
        config, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  }
}
