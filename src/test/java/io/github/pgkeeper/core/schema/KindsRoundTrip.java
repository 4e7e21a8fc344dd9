package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round trips of some kinds of object only: the same tables are made by the same SQL in the source
 * and in the target, then only the objects of the kinds under test are taken from the source's
 * model and run on the target, and the catalogs' fingerprints are compared. So the readers of
 * functions, views, grants… are tested without depending on the table readers.
 */
final class KindsRoundTrip {
  private static final AtomicInteger ROLES = new AtomicInteger();

  private KindsRoundTrip() {}

  /**
   * A new role, unique in the cluster (roles are cluster-wide and the server is shared): {@code
   * prefix} and this JVM's pid and a counter; mixed case to be quoted everywhere.
   */
  static String role(String prefix) {
    String role = prefix + "_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
    Sql.execute(
        TestDatabases.server().connection(),
        "CREATE ROLE \"" + role.replace("\"", "\"\"") + "\" NOLOGIN");
    return role;
  }

  /** What a round trip read and where it went. */
  record Result(SchemaModel model, ConnectionConfig source, ConnectionConfig target) {}

  /**
   * @param shared SQL run on both databases (the tables the objects need)
   * @param objects SQL run on the source only (the objects under test)
   * @param kinds the kinds taken from the source's model to the target
   */
  static Result run(String shared, String objects, Set<ObjectKind> kinds, String... schemas) {
    ConnectionConfig source = TestDatabases.freshDatabase();
    script(source, shared);
    script(source, objects);
    SchemaModel model = read(source, schemas);
    // Through the schema.sql text, as an archive carries it.
    SchemaModel parsed = SchemaModel.parse(model.toSql("kinds round trip"));
    ConnectionConfig target = TestDatabases.freshDatabase();
    script(target, shared);
    apply(parsed, target, kinds);
    assertEquals(
        String.join("\n", CatalogFingerprint.of(source, schemas)),
        String.join("\n", CatalogFingerprint.of(target, schemas)),
        () -> "the recreated catalog differs; schema.sql was:\n" + model.toSql("round trip"));
    return new Result(model, source, target);
  }

  /** Runs a script statement by statement, split as migrations are (BEGIN ATOMIC bodies too). */
  static void script(ConnectionConfig database, String sql) {
    for (SqlStatement statement : SqlScript.parse(sql).statements()) {
      Sql.execute(database, statement.text());
    }
  }

  static SchemaModel read(ConnectionConfig database, String... schemas) {
    try (Connection connection = Connections.open(database)) {
      connection.setAutoCommit(false);
      try {
        return SchemaReader.read(connection, List.of(schemas));
      } finally {
        connection.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Runs the objects of {@code kinds}, in the model's order, in one transaction. */
  static void apply(SchemaModel model, ConnectionConfig target, Set<ObjectKind> kinds) {
    SchemaRoundTrip.apply(model, target, object -> kinds.contains(object.kind()));
  }
}
