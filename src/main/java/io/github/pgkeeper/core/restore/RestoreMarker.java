package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.schema.SchemaObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The mark a staged restore leaves in its target while it runs: a table next to the history table
 * ({@code <historyTable>_restore}), committed before anything else, that says which archive is
 * being restored, since when and what it will create, and that lists, in the transaction that
 * created them, every object and role the restore has created so far, with the statement that
 * removes it. A failed staged restore removes them from the list; a restore that finds the table
 * (the one that made it was killed: the migration lock it held is free) removes them first, naming
 * them. The last transaction of a successful restore drops the table along with its history rows.
 */
final class RestoreMarker {
  private static final int NAMED_PER_KIND = 10;

  private final String table;

  private RestoreMarker(String table) {
    this.table = table;
  }

  /**
   * One object the restore created, and the statement that removes it (null: done apart).
   *
   * @param id its place in the list, once recorded (0 before)
   * @param locks the lock-table entries removing it takes
   */
  record Created(long id, String kind, String name, String undo, int locks) {
    Created(String kind, String name, String undo, int locks) {
      this(0, kind, name, undo, locks);
    }
  }

  /** The marker's table, quoted: {@code public.pgkeeper_history_restore}. */
  private static String tableName(Connection connection, RestoreConfig config) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT format('%I.%I', ?, ?)")) {
      query.setString(1, config.historySchema());
      query.setString(
          2, new HistoryTable(config.historySchema(), config.historyTable()).restoreMarkerName());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  /**
   * Creates and commits the marker, in a transaction of its own on {@code connection}: the archive,
   * the time, and {@code plan}, what the restore will create.
   */
  static RestoreMarker create(Connection connection, RestoreConfig config, String plan)
      throws SQLException {
    RestoreMarker marker = new RestoreMarker(tableName(connection, config));
    boolean createsSchema;
    try (PreparedStatement query =
        connection.prepareStatement("SELECT to_regnamespace(format('%I', ?)) IS NULL")) {
      query.setString(1, config.historySchema());
      try (ResultSet row = query.executeQuery()) {
        row.next();
        createsSchema = row.getBoolean(1);
      }
    }
    try (Statement statement = connection.createStatement()) {
      if (createsSchema) {
        statement.execute(
            "CREATE SCHEMA " + marker.table.substring(0, marker.table.lastIndexOf('.')));
      }
      statement.execute(
          "CREATE TABLE "
              + marker.table
              + " (id bigint PRIMARY KEY, kind text NOT NULL, name text NOT NULL, undo text,"
              + " locks int NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())");
      statement.execute(
          "COMMENT ON TABLE "
              + marker.table
              + " IS 'pgkeeper: a staged db:restore is in progress, or was interrupted. The next"
              + " db:restore removes what it lists, then restores.'");
    }
    List<Created> rows = new ArrayList<>();
    rows.add(new Created("restore", plan, null, 0));
    if (createsSchema) {
      rows.add(new Created("marker schema", config.historySchema(), null, 0));
    }
    marker.record(connection, rows);
    connection.commit();
    return marker;
  }

  /** The marker an interrupted staged restore left, if any. */
  static Optional<RestoreMarker> find(Connection connection, RestoreConfig config)
      throws SQLException {
    String name = tableName(connection, config);
    try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?)")) {
      query.setString(1, name);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getString(1) == null ? Optional.empty() : Optional.of(new RestoreMarker(name));
      }
    }
  }

  String table() {
    return table;
  }

  /** What the restore that left the marker said it would do, when and from which archive. */
  String describe(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT name, recorded_at FROM " + table + " WHERE kind = 'restore'")) {
      return row.next() ? row.getString(1) + ", started " + row.getString(2) : "unknown";
    }
  }

  /** Lists what the caller's transaction created; committed with it, or rolled back with it. */
  void record(Connection connection, List<Created> created) throws SQLException {
    if (created.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " (id, kind, name, undo, locks) SELECT (SELECT coalesce(max(id), 0) FROM "
                + table
                + ") + u.n, u.kind, u.name, u.undo, u.locks FROM unnest(?::text[], ?::text[],"
                + " ?::text[], ?::int[]) WITH ORDINALITY AS u(kind, name, undo, locks, n)")) {
      insert.setArray(1, array(connection, created.stream().map(Created::kind).toList()));
      insert.setArray(2, array(connection, created.stream().map(Created::name).toList()));
      insert.setArray(3, array(connection, created.stream().map(Created::undo).toList()));
      insert.setArray(
          4, connection.createArrayOf("integer", created.stream().map(Created::locks).toArray()));
      insert.executeUpdate();
    }
  }

  /** Drops the marker in the caller's transaction: the last one of a successful restore. */
  void finish(Connection connection) throws SQLException {
    List<Created> rows = read(connection, "kind = 'marker schema'");
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE " + table);
    }
    // The schema made for the marker stays if the restore put something into it.
    for (Created schema : rows) {
      dropSchemaIfEmpty(connection, schema.name(), null);
    }
  }

  /**
   * The statement that removes an object of the archive's schema, or null for an object that goes
   * with its table (an index, a default, a trigger…).
   */
  static String undo(SchemaObject object) {
    return switch (object.kind()) {
      case EXTENSION -> "DROP EXTENSION IF EXISTS " + object.name() + " CASCADE";
      case PUBLICATION -> "DROP PUBLICATION IF EXISTS " + object.name();
      case SCHEMA,
          COLLATION,
          TYPE,
          DOMAIN,
          FUNCTION,
          PROCEDURE,
          AGGREGATE,
          SEQUENCE,
          TABLE,
          VIEW,
          MATERIALIZED_VIEW ->
          "DROP " + object.kind().ownerKeyword() + " IF EXISTS " + object.name() + " CASCADE";
      default -> null;
    };
  }

  /**
   * Removes everything the marker lists, newest first, in transactions of at most {@code
   * perTransaction} locks (dropping 5,000 tables in one would fill the lock table as creating them
   * did), each also deleting its rows from the list, so a cleanup that is itself interrupted
   * resumes where it stopped; then the roles, the marker and a schema made for it.
   *
   * @return what was removed, for the log: {@code 1,200 table(s) (public.a, …), 1 role(s) (x)}
   */
  String cleanUp(ConnectionConfig config, int perTransaction, Logger log) {
    try (Connection connection = Connections.open(config)) {
      connection.setAutoCommit(false);
      List<Created> all = read(connection, "kind <> 'restore'");
      String removed = summary(all);
      all.forEach(c -> log.debug("Removing " + c.kind() + " " + c.name()));
      int limit = Math.max(1, perTransaction);
      while (true) {
        List<Created> batch = new ArrayList<>();
        int locks = 0;
        for (Created row : read(connection, "undo IS NOT NULL ORDER BY id DESC")) {
          if (!batch.isEmpty() && locks + row.locks() > limit) {
            break;
          }
          batch.add(row);
          locks += row.locks();
        }
        if (batch.isEmpty()) {
          break;
        }
        try {
          try (Statement statement = connection.createStatement()) {
            for (Created row : batch) {
              statement.execute(row.undo());
            }
          }
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + table + " WHERE id = ANY (?)")) {
            delete.setArray(
                1, connection.createArrayOf("bigint", batch.stream().map(Created::id).toArray()));
            delete.executeUpdate();
          }
          connection.commit();
        } catch (SQLException e) {
          connection.rollback();
          if (!LockBudget.outOfLocks(e) || batch.size() == 1) {
            throw e;
          }
          limit = Math.max(1, limit / 2); // other sessions took more of the lock table meanwhile
        }
      }
      for (Created role : read(connection, "kind = 'role'")) {
        dropRole(connection, role.name(), log);
      }
      List<Created> schemas = read(connection, "kind = 'marker schema'");
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE " + table);
      }
      for (Created schema : schemas) {
        dropSchemaIfEmpty(connection, schema.name(), log);
      }
      connection.commit();
      return removed;
    } catch (SQLException e) {
      throw new PgKeeperException(
          "Removing what the staged restore created failed: "
              + ConnectionConfig.mask(e.getMessage())
              + " [SQLSTATE "
              + e.getSQLState()
              + "]. What is left is listed in "
              + table
              + "; the next db:restore into this database removes it first.",
          null,
          e);
    }
  }

  private List<Created> read(Connection connection, String where) throws SQLException {
    List<Created> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT id, kind, name, undo, locks FROM "
                    + table
                    + " WHERE "
                    + (where.contains("ORDER BY") ? where : where + " ORDER BY id"))) {
      while (result.next()) {
        rows.add(
            new Created(
                result.getLong(1),
                result.getString(2),
                result.getString(3),
                result.getString(4),
                result.getInt(5)));
      }
    }
    return rows;
  }

  /** A role createRoles made: gone with the objects it owned and the grants it got here. */
  private static void dropRole(Connection connection, String role, Logger log) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    String quoted = "\"" + role.replace("\"", "\"\"") + "\"";
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP OWNED BY " + quoted);
      statement.execute("DROP ROLE IF EXISTS " + quoted);
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      log.warn(
          "The staged restore created role "
              + role
              + " (createRoles), which cannot be dropped now: "
              + e.getMessage()
              + ". Drop it yourself once nothing depends on it.");
    }
  }

  private static void dropSchemaIfEmpty(Connection connection, String schema, Logger log)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try (Statement statement = connection.createStatement()) {
      // RESTRICT: only when nothing is in it.
      statement.execute("DROP SCHEMA IF EXISTS \"" + schema.replace("\"", "\"\"") + "\"");
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      if (log != null) {
        log.debug("Schema " + schema + " is kept: " + e.getMessage());
      }
    }
  }

  /** {@code 1,200 table(s) (public.a, public.b, … and 1,190 more), 2 role(s) (x, y)}. */
  static String summary(List<Created> rows) {
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (Created row : rows) {
      if (row.undo() != null || row.kind().equals("role")) {
        byKind
            .computeIfAbsent(row.kind().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(row.name());
      }
    }
    if (byKind.isEmpty()) {
      return "nothing";
    }
    List<String> parts = new ArrayList<>();
    byKind.forEach(
        (kind, names) ->
            parts.add(
                String.format(
                    Locale.ROOT,
                    "%,d %s(s) (%s%s)",
                    names.size(),
                    kind,
                    String.join(", ", names.subList(0, Math.min(NAMED_PER_KIND, names.size()))),
                    names.size() > NAMED_PER_KIND
                        ? String.format(
                            Locale.ROOT, ", … and %,d more", names.size() - NAMED_PER_KIND)
                        : "")));
    return String.join(", ", parts);
  }

  private static java.sql.Array array(Connection connection, List<String> values)
      throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }
}
