package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Round trips for the schema readers' tests: read the model of some schemas from a source database,
 * write it as schema.sql and parse it back, run it on a fresh database, and compare the two
 * catalogs with {@link CatalogFingerprint} (nothing of ours decides whether they are the same).
 */
public final class SchemaRoundTrip {
  private SchemaRoundTrip() {}

  /** Runs {@code sql} (several statements allowed) on a fresh database and returns it. */
  public static ConnectionConfig databaseWith(String sql) {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Sql.execute(database, sql);
    return database;
  }

  /** The model of {@code schemas}, read in one transaction as a backup reads it. */
  public static SchemaModel read(ConnectionConfig database, String... schemas) {
    return read(database, SchemaReader.READERS, schemas);
  }

  /** The model as {@code readers} read it: a test may stand in for another family's reader. */
  static SchemaModel read(
      ConnectionConfig database, List<ObjectReader> readers, String... schemas) {
    try (Connection connection = Connections.open(database)) {
      connection.setAutoCommit(false);
      try {
        return SchemaReader.read(connection, List.of(schemas), readers);
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Runs every statement of the model, with the owner statements, in the model's order and in one
   * transaction, as a restore of schema.sql would. Function bodies are not checked (a body may name
   * a table created later) and nothing is found through a search path.
   *
   * @throws IllegalStateException naming the object whose statement failed
   */
  public static void apply(SchemaModel model, ConnectionConfig target) {
    apply(model, target, object -> true);
  }

  /** As {@link #apply(SchemaModel, ConnectionConfig)}, for the objects {@code which} accepts. */
  static void apply(
      SchemaModel model,
      ConnectionConfig target,
      java.util.function.Predicate<SchemaObject> which) {
    try (Connection connection = Connections.open(target)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET LOCAL check_function_bodies = false");
        statement.execute("SELECT pg_catalog.set_config('search_path', '', true)");
        for (SchemaObject object : model.objects()) {
          if (!which.test(object)) {
            continue;
          }
          List<String> statements = new ArrayList<>(object.statements());
          if (object.ownerStatement() != null) {
            statements.add(object.ownerStatement());
          }
          for (String sql : statements) {
            try {
              statement.execute(sql);
            } catch (SQLException e) {
              throw new IllegalStateException(object.key() + ": " + sql + ": " + e.getMessage(), e);
            }
          }
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Reads {@code schemas} of {@code source}, runs the schema.sql text of the model on a fresh
   * database, and asserts that both catalogs have the same fingerprint.
   *
   * @return the model read from the source
   */
  public static SchemaModel assertRoundTrip(ConnectionConfig source, String... schemas) {
    return assertRoundTrip(source, SchemaReader.READERS, schemas);
  }

  /** {@link #assertRoundTrip(ConnectionConfig, String...)} with the model {@code readers} read. */
  static SchemaModel assertRoundTrip(
      ConnectionConfig source, List<ObjectReader> readers, String... schemas) {
    SchemaModel model = read(source, readers, schemas);
    SchemaModel parsed = SchemaModel.parse(model.toSql("round trip"));
    ConnectionConfig target = TestDatabases.freshDatabase();
    apply(parsed, target);
    assertEquals(
        String.join("\n", CatalogFingerprint.of(source, schemas)),
        String.join("\n", CatalogFingerprint.of(target, schemas)),
        () -> "the recreated catalog differs; schema.sql was:\n" + model.toSql("round trip"));
    return model;
  }
}
