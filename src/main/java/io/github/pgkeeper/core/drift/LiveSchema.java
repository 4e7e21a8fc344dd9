package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.core.migration.UnfinishedRestore;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A database's schema as it is, read in one read-only snapshot, with what the shadow needs to know
 * of its server: the major version to run, and the role the migrations ran as.
 *
 * @param version such as {@code 16.4}
 * @param currentUser the role db:diff connects as, which is taken to be the one migrations run as
 * @param historyTable the migration history table as the models name it
 */
record LiveSchema(
    SchemaModel model, int major, String version, String currentUser, String historyTable) {

  /**
   * @param history the history table's schema and name
   */
  static LiveSchema read(ConnectionConfig database, List<String> schemas, String[] history) {
    try (Connection connection = Connections.open(database)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      UnfinishedRestore.refuse(connection, new HistoryTable(history[0], history[1]));
      String version;
      String user;
      String historyTable;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT current_setting('server_version'), current_user,"
                  + " quote_ident(?) || '.' || quote_ident(?)")) {
        statement.setString(1, history[0]);
        statement.setString(2, history[1]);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          version = row.getString(1).replaceFirst(" .*$", "");
          user = row.getString(2);
          historyTable = row.getString(3);
        }
      }
      SchemaModel model = SchemaReader.read(connection, schemas);
      int major = connection.getMetaData().getDatabaseMajorVersion();
      connection.rollback();
      return new LiveSchema(model, major, version, user, historyTable);
    } catch (SQLException e) {
      throw new PgKeeperException(
          "Cannot read the schema of " + database.maskedUrl() + ": " + e.getMessage(),
          database.urlSetting(),
          e);
    }
  }
}
