package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a fast load takes out of the way and puts back, inside the restore's transaction, as
 * pg_restore orders a full restore: foreign keys, primary-key, unique and exclusion constraints and
 * secondary indexes are recorded (pg_get_constraintdef, pg_get_indexdef) and dropped before the
 * COPY, then rebuilt and validated after it in one pass over the loaded rows each. User triggers
 * are disabled for the load, so a restore writes the archived values (an {@code updated_at} trigger
 * must not rewrite them), and enabled again.
 *
 * <p>Dropping needs the table's owner: each drop runs under a savepoint, and what cannot be dropped
 * (not the owner, something depends on it) stays in place. A foreign key that stays is checked as
 * rows arrive; a deferrable one at commit.
 */
final class DeferredDdl {
  /** One object taken out of the way: how to drop it and how to put it back. */
  record Item(String label, String drop, String recreate) {}

  private final List<Item> foreignKeys = new ArrayList<>();
  private final List<Item> constraints = new ArrayList<>();
  private final List<Item> indexes = new ArrayList<>();
  private final List<Item> triggers = new ArrayList<>();
  private final Logger log;

  private DeferredDdl(Logger log) {
    this.log = log;
  }

  /**
   * Records what to take out of the way on the restored tables.
   *
   * @param allOids the restored tables and their partitions: their foreign keys and triggers
   * @param plainOids the restored plain tables (not partitioned, not partitions): their indexes
   * @param keepChecks with session_replication_role = replica nothing fires during the load, so
   *     foreign keys and triggers stay
   */
  static DeferredDdl record(
      Connection connection, Set<Long> allOids, Set<Long> plainOids, boolean keepChecks, Logger log)
      throws SQLException {
    DeferredDdl ddl = new DeferredDdl(log);
    Array all = connection.createArrayOf("bigint", allOids.toArray());
    Array plain = connection.createArrayOf("bigint", plainOids.toArray());
    String constraintSql =
        "SELECT con.contype, con.conrelid::regclass::text, quote_ident(con.conname),"
            + " pg_get_constraintdef(con.oid)"
            + " FROM pg_constraint con LEFT JOIN pg_index i ON i.indexrelid = con.conindid"
            + " WHERE con.conparentid = 0 AND ("
            + " (con.contype = 'f' AND con.conrelid::bigint = ANY (?) AND ?)"
            + " OR (con.contype IN ('p', 'u', 'x') AND con.conrelid::bigint = ANY (?)"
            + "     AND NOT i.indisreplident AND NOT i.indisclustered))"
            // Kept in place: what pg_get_*def does not carry (a comment, an index tablespace).
            + " AND NOT EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = con.oid)"
            + " ORDER BY con.conrelid, con.conname";
    try (PreparedStatement query = connection.prepareStatement(constraintSql)) {
      query.setArray(1, all);
      query.setBoolean(2, !keepChecks);
      query.setArray(3, plain);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String table = rows.getString(2);
          String name = rows.getString(3);
          Item item =
              new Item(
                  "constraint " + name + " on " + table,
                  "ALTER TABLE " + table + " DROP CONSTRAINT " + name,
                  "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + rows.getString(4));
          (rows.getString(1).equals("f") ? ddl.foreignKeys : ddl.constraints).add(item);
        }
      }
    }
    String indexSql =
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), i.indrelid::regclass"
            + " FROM pg_index i WHERE i.indrelid::bigint = ANY (?) AND i.indisvalid"
            + " AND NOT i.indisreplident AND NOT i.indisclustered"
            + " AND NOT EXISTS (SELECT 1 FROM pg_description d WHERE d.objoid = i.indexrelid)"
            + " AND (SELECT reltablespace FROM pg_class WHERE oid = i.indexrelid) = 0"
            + " AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid"
            + "   AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))"
            + " ORDER BY i.indrelid, i.indexrelid";
    try (PreparedStatement query = connection.prepareStatement(indexSql)) {
      query.setArray(1, plain);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String index = rows.getString(1);
          ddl.indexes.add(
              new Item(
                  "index " + index + " on " + rows.getString(3),
                  "DROP INDEX " + index,
                  rows.getString(2)));
        }
      }
    }
    if (!keepChecks) {
      String triggerSql =
          "SELECT t.tgrelid::regclass::text, quote_ident(t.tgname) FROM pg_trigger t"
              + " WHERE t.tgrelid::bigint = ANY (?) AND NOT t.tgisinternal AND t.tgenabled = 'O'"
              + " AND t.tgparentid = 0 ORDER BY 1, 2";
      try (PreparedStatement query = connection.prepareStatement(triggerSql)) {
        query.setArray(1, all);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            String table = rows.getString(1);
            String name = rows.getString(2);
            ddl.triggers.add(
                new Item(
                    "trigger " + name + " on " + table,
                    "ALTER TABLE " + table + " DISABLE TRIGGER " + name,
                    "ALTER TABLE " + table + " ENABLE TRIGGER " + name));
          }
        }
      }
    }
    return ddl;
  }

  /** Drops (disables) everything recorded that this role may drop; keeps the rest in place. */
  void takeOutOfTheWay(Connection connection) throws SQLException {
    // Foreign keys first: the unique indexes they reference go next.
    drop(connection, foreignKeys);
    drop(connection, constraints);
    drop(connection, indexes);
    drop(connection, triggers);
  }

  private void drop(Connection connection, List<Item> items) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (var it = items.iterator(); it.hasNext(); ) {
        Item item = it.next();
        statement.execute("SAVEPOINT pgkeeper_ddl");
        try {
          statement.execute(item.drop());
          statement.execute("RELEASE SAVEPOINT pgkeeper_ddl");
        } catch (SQLException e) {
          statement.execute("ROLLBACK TO SAVEPOINT pgkeeper_ddl");
          statement.execute("RELEASE SAVEPOINT pgkeeper_ddl");
          log.debug("Keeping " + item.label() + " during the load: " + e.getMessage());
          it.remove();
        }
      }
    }
  }

  /**
   * Rebuilds what was dropped: constraints, then indexes, then foreign keys (validated against the
   * loaded rows), then enables the triggers. A failure (a duplicate key, a missing parent row) is
   * thrown, and the caller rolls everything back.
   */
  void putBack(Connection connection) throws RebuildException {
    try (Statement statement = connection.createStatement()) {
      for (List<Item> items : List.of(constraints, indexes, foreignKeys, triggers)) {
        for (Item item : items) {
          try {
            statement.execute(item.recreate());
          } catch (SQLException e) {
            throw new RebuildException(item, e);
          }
        }
      }
    } catch (SQLException e) {
      throw new RebuildException(null, e);
    }
  }

  int rebuiltCount() {
    return constraints.size() + indexes.size() + foreignKeys.size();
  }

  String summary() {
    return indexes.size()
        + " index(es), "
        + constraints.size()
        + " key constraint(s) and "
        + foreignKeys.size()
        + " foreign key(s)"
        + (triggers.isEmpty() ? "" : ", " + triggers.size() + " trigger(s) disabled for the load");
  }

  /** Putting an object back failed: the loaded rows break it. */
  static final class RebuildException extends Exception {
    final Item item;

    RebuildException(Item item, SQLException cause) {
      super(cause);
      this.item = item;
    }

    SQLException sqlCause() {
      return (SQLException) getCause();
    }
  }
}
