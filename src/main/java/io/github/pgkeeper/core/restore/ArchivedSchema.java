package io.github.pgkeeper.core.restore;

import static io.github.pgkeeper.core.restore.Restore.ROLLED_BACK;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.schema.ObjectKey;
import io.github.pgkeeper.core.schema.ObjectKind;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaObject;
import io.github.pgkeeper.core.schema.Section;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The schema stored in an archive ({@code schema.sql}), recreated in an empty target inside the
 * restore's transaction, as pg_restore splits a dump: the pre-data objects (types, functions,
 * tables, checks, views) before the rows are loaded, the post-data objects (keys, indexes, foreign
 * keys, triggers, policies, grants) after, so that the load writes into bare tables and every index
 * is built once over the loaded rows.
 */
final class ArchivedSchema {
  /**
   * What {@code privileges = false} leaves out besides the owners, as pg_restore --no-privileges.
   */
  private static final Set<ObjectKind> PRIVILEGES = Set.of(ObjectKind.ACL, ObjectKind.DEFAULT_ACL);

  private static final int SHOWN_STATEMENT = 300;

  private final SchemaModel model;
  private final boolean privileges;

  ArchivedSchema(SchemaModel model, boolean privileges) {
    this.model = model;
    this.privileges = privileges;
  }

  SchemaModel model() {
    return model;
  }

  /**
   * The settings pg_dump's output is run with: the definitions are the server's own, fully
   * qualified (an empty search_path), and function bodies are checked when they run, not when they
   * are created (a function may name a table created after it).
   */
  void prepareSession(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL check_function_bodies = false");
      statement.execute("SET LOCAL search_path = ''");
      statement.execute("SET LOCAL standard_conforming_strings = on");
      statement.execute("SET LOCAL xmloption = content");
      statement.execute("SET LOCAL default_tablespace = ''");
      statement.execute("SET LOCAL default_table_access_method = heap");
      statement.execute("SET LOCAL client_min_messages = warning");
    }
  }

  /**
   * Drops the target's history table when the archive's schema creates it: the caller has found it
   * without rows (an empty target), and the archive's is the table as the backup read it. Any other
   * object the target has already and the archive creates fails its creation, and the restore is
   * rolled back.
   */
  void makeRoomForHistoryTable(Connection connection, String schema, String table, Logger log)
      throws SQLException {
    String name;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT quote_ident(?) || '.' || quote_ident(?), to_regclass(format('%I.%I', ?, ?))"
                + " IS NOT NULL")) {
      query.setString(1, schema);
      query.setString(2, table);
      query.setString(3, schema);
      query.setString(4, table);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        if (!row.getBoolean(2)) {
          return;
        }
        name = row.getString(1);
      }
    }
    if (model.find(new ObjectKey(ObjectKind.TABLE, name)).isEmpty()) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE " + name);
    }
    log.info(
        "The target's history table "
            + name
            + " holds no rows: replaced by the archive's, as the backup read it.");
  }

  /** Creates the pre-data objects, in the archive's order. */
  void createPreData(Connection connection, Logger log) throws SQLException {
    create(connection, Section.PRE_DATA, log);
  }

  /** Creates the post-data objects, over the loaded rows. */
  void createPostData(Connection connection, Logger log) throws SQLException {
    create(connection, Section.POST_DATA, log);
  }

  private boolean included(SchemaObject object) {
    return privileges || !PRIVILEGES.contains(object.kind());
  }

  private void create(Connection connection, Section section, Logger log) throws SQLException {
    long started = System.nanoTime();
    int created = 0;
    try (Batch batch = new Batch(connection)) {
      for (SchemaObject object : model.objects(section)) {
        if (!included(object)) {
          continue;
        }
        String existingOwner = null;
        if (object.kind() == ObjectKind.SCHEMA || object.kind() == ObjectKind.PUBLICATION) {
          batch.flush();
          existingOwner = existingOwner(connection, object);
        }
        if (existingOwner != null && object.kind() == ObjectKind.PUBLICATION) {
          log.info(
              "The target has publication "
                  + object.name()
                  + " already (a platform's, such as supabase_realtime): the archive's tables are"
                  + " added to it, its options left as they are.");
        }
        for (String statement : object.statements()) {
          if (existingOwner == null || !creates(statement)) {
            batch.add(object, statement);
          }
        }
        if (privileges
            && object.ownerStatement() != null
            && !object.owner().equals(existingOwner)) {
          batch.add(object, object.ownerStatement());
        }
        created++;
      }
      batch.flush();
    }
    log.info(
        String.format(
            Locale.ROOT,
            "Recreated %d %s object(s) from the archive's schema in %.1f s",
            created,
            section.label(),
            (System.nanoTime() - started) / 1e9));
  }

  /**
   * Statements sent in batches: pgjdbc sends a batch's statements in one go and reads the answers
   * after, so thousands of objects do not cost a network round trip each (1,000 tables: about half
   * the time). A batch runs under a savepoint; when one of its statements fails, the batch is
   * rolled back to it and run again one statement at a time, to name the failing object with the
   * server's own error.
   */
  private static final class Batch implements AutoCloseable {
    private static final int SIZE = 500;

    private final Connection connection;
    private final Statement jdbc;
    private final List<SchemaObject> objects = new ArrayList<>();
    private final List<String> statements = new ArrayList<>();

    Batch(Connection connection) throws SQLException {
      this.connection = connection;
      this.jdbc = connection.createStatement();
      jdbc.setEscapeProcessing(false);
    }

    void add(SchemaObject object, String statement) throws SQLException {
      objects.add(object);
      statements.add(statement);
      jdbc.addBatch(statement);
      if (statements.size() >= SIZE) {
        flush();
      }
    }

    void flush() throws SQLException {
      if (statements.isEmpty()) {
        return;
      }
      Savepoint savepoint = connection.setSavepoint();
      try {
        jdbc.executeBatch();
        connection.releaseSavepoint(savepoint);
      } catch (BatchUpdateException e) {
        jdbc.clearBatch();
        connection.rollback(savepoint);
        try (Statement single = connection.createStatement()) {
          single.setEscapeProcessing(false);
          for (int i = 0; i < statements.size(); i++) {
            execute(single, objects.get(i), statements.get(i));
          }
        }
        throw e; // every statement ran alone: the batch failed for a reason of its own
      } finally {
        objects.clear();
        statements.clear();
      }
    }

    @Override
    public void close() throws SQLException {
      jdbc.close();
    }
  }

  /**
   * The owner of an object outside any table that the target may have already, or null: a schema
   * ({@code public}, a flavour's schemas) or a publication (a platform's, such as Supabase's {@code
   * supabase_realtime}). Such an object is not created again ({@code CREATE SCHEMA IF NOT EXISTS}
   * checks CREATE on the database before it looks whether the schema exists, which a database's
   * owner may lack; a publication has no IF NOT EXISTS), nor is its owner set when it is the
   * archive's already. What the archive adds to it (tables of a publication) is.
   */
  private static String existingOwner(Connection connection, SchemaObject object)
      throws SQLException {
    String sql =
        switch (object.kind()) {
          case SCHEMA ->
              "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE oid = to_regnamespace(?)";
          case PUBLICATION ->
              "SELECT pg_get_userbyid(pubowner) FROM pg_publication WHERE quote_ident(pubname) = ?";
          default -> null;
        };
    if (sql == null) {
      return null;
    }
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, object.name());
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  private static boolean creates(String statement) {
    return statement.startsWith("CREATE SCHEMA ") || statement.startsWith("CREATE PUBLICATION ");
  }

  private static void execute(Statement jdbc, SchemaObject object, String statement)
      throws SQLException {
    try {
      jdbc.execute(statement);
    } catch (SQLException e) {
      String shown =
          statement.length() > SHOWN_STATEMENT
              ? statement.substring(0, SHOWN_STATEMENT) + " …"
              : statement;
      // Class 23: a unique index, key or foreign key the loaded rows break.
      boolean rows = e.getSQLState() != null && e.getSQLState().startsWith("23");
      throw new PgKeeperException(
          "Recreating the archive's schema failed at "
              + object.key()
              + " ("
              + object.section().label()
              + (object.section() == Section.POST_DATA ? ", after the rows were loaded" : "")
              + "): "
              + e.getMessage()
              + " [SQLSTATE "
              + e.getSQLState()
              + "]. The statement: "
              + shown
              + "."
              + (rows ? " The archive's rows do not fit it." : "")
              + ROLLED_BACK
              + (rows
                  ? ""
                  : " To rebuild the schema from the archive's migrations instead, run again with"
                      + " -Ddb.restore.schemaFrom=migrations."),
          rows ? null : Setting.RESTORE_SCHEMA_FROM,
          e);
    }
  }
}
