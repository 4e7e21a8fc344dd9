package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the connected role may create in one schema, read from the catalogs before anything is
 * created, so that a missing privilege is reported as the privilege, the object and the GRANT that
 * gives it, not as the server's "permission denied for database". Names are quoted where needed,
 * ready to paste into SQL.
 */
record Privileges(
    String role,
    String database,
    String schema,
    boolean schemaExists,
    boolean databaseCreate,
    boolean schemaCreate,
    boolean schemaUsage) {

  static Privileges of(Connection connection, String schema) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT quote_ident(current_user), quote_ident(current_database()), quote_ident(?),"
                + " n.oid IS NOT NULL, has_database_privilege(current_database(), 'CREATE'),"
                + " n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'CREATE'),"
                + " n.oid IS NOT NULL AND has_schema_privilege(n.oid, 'USAGE')"
                + " FROM (SELECT 1) AS one LEFT JOIN pg_namespace n ON n.nspname = ?")) {
      query.setString(1, schema);
      query.setString(2, schema);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return new Privileges(
            result.getString(1),
            result.getString(2),
            result.getString(3),
            result.getBoolean(4),
            result.getBoolean(5),
            result.getBoolean(6),
            result.getBoolean(7));
      }
    }
  }

  /**
   * Refuses unless the role may create the missing schema: CREATE on the database.
   *
   * @param what what needs the schema, such as "The history table x.y goes into schema x"
   * @param alternative another way out, such as "or set historySchema to a schema that exists"
   */
  void requireDatabaseCreate(String what, Setting setting, String alternative) {
    if (databaseCreate) {
      return;
    }
    throw new PgKeeperException(
        what
            + ", which does not exist, and creating a schema needs the CREATE privilege on database "
            + database
            + ", which role "
            + role
            + " lacks. Create the schema as a role that may (CREATE SCHEMA "
            + schema
            + " AUTHORIZATION "
            + role
            + ";), or grant the privilege (GRANT CREATE ON DATABASE "
            + database
            + " TO "
            + role
            + ";), "
            + alternative
            + ".",
        setting);
  }

  /**
   * Refuses unless the role may create tables in the existing schema: USAGE and CREATE on it.
   *
   * @param what what needs them, such as "Creating the history table x.y"
   */
  void requireSchemaCreate(String what, Setting setting, String alternative) {
    List<String> missing = new ArrayList<>();
    if (!schemaUsage) {
      missing.add("USAGE");
    }
    if (!schemaCreate) {
      missing.add("CREATE");
    }
    if (missing.isEmpty()) {
      return;
    }
    String privileges = String.join(", ", missing);
    throw new PgKeeperException(
        what
            + " needs the "
            + String.join(" and ", missing)
            + " privilege"
            + (missing.size() == 1 ? "" : "s")
            + " on schema "
            + schema
            + ", which role "
            + role
            + " lacks. As the schema's owner: GRANT "
            + privileges
            + " ON SCHEMA "
            + schema
            + " TO "
            + role
            + "; "
            + alternative
            + ".",
        setting);
  }
}
