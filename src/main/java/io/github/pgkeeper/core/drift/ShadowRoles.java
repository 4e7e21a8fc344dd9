package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.MigrationFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The roles of the live database on the embedded shadow server, so that the migrations run there as
 * they ran live: as the role db:diff connects as (which then owns what they create, as it does in
 * the live database), granting to the roles the live objects name. A role that a migration creates
 * itself is left to it.
 */
final class ShadowRoles {
  private ShadowRoles() {}

  /**
   * @return how to connect as the live database's role
   */
  static ConnectionConfig prepare(
      ConnectionConfig admin, LiveSchema live, List<MigrationFile> files) {
    String everything =
        String.join("\n", files.stream().map(MigrationFile::content).toList())
            .toLowerCase(Locale.ROOT);
    try (Connection connection = Connections.open(admin);
        Statement statement = connection.createStatement()) {
      for (String role : live.model().roles()) {
        if (!role.equals(live.currentUser()) && !createdByMigrations(role, everything)) {
          create(connection, role, "NOLOGIN");
        }
      }
      if (live.currentUser().equals(admin.user())) {
        return admin;
      }
      create(connection, live.currentUser(), "LOGIN SUPERUSER");
      try (PreparedStatement password =
          connection.prepareStatement(
              "SELECT format('ALTER ROLE %I PASSWORD %L', ?::text, ?::text)")) {
        password.setString(1, live.currentUser());
        password.setString(2, admin.password());
        try (var row = password.executeQuery()) {
          row.next();
          statement.execute(row.getString(1));
        }
      }
      return new ConnectionConfig(admin.url(), live.currentUser(), admin.password());
    } catch (SQLException e) {
      throw new PgKeeperException(
          "Cannot prepare the roles of the shadow server: " + e.getMessage());
    }
  }

  private static boolean createdByMigrations(String role, String migrations) {
    String name = Pattern.quote(role.toLowerCase(Locale.ROOT));
    return Pattern.compile("create\\s+(role|user|group)\\s+\"?" + name + "\"?(\\s|;|$)")
        .matcher(migrations)
        .find();
  }

  private static void create(Connection connection, String role, String options)
      throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?")) {
      exists.setString(1, role);
      if (exists.executeQuery().next()) {
        return;
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE ROLE \"" + role.replace("\"", "\"\"") + "\" " + options);
    }
  }
}
