package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.schema.ObjectKind;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaObject;
import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The roles an archive's schema needs in the target, checked before anything is written: roles it
 * names that the target lacks, and owners the restoring role cannot give objects to. Either is
 * refused with the complete list and the two ways out (create the missing roles, or restore without
 * owners and grants), so that a restore never stops halfway for want of a role.
 */
final class SchemaRoles {
  /** Role words a policy may name that are not roles. */
  private static final Set<String> NOT_ROLES =
      Set.of("public", "current_user", "current_role", "session_user");

  private SchemaRoles() {}

  /**
   * Checks the roles, and creates the missing ones as NOLOGIN roles when {@code createRoles}: in
   * the caller's transaction, so a rollback removes them again.
   *
   * @return the roles it created
   * @throws PgKeeperException listing every missing role and every owner that cannot be set, when
   *     there is any, before anything is written
   */
  static List<String> prepare(
      Connection connection, SchemaModel model, RestoreConfig config, Logger log)
      throws SQLException {
    Set<String> needed = new TreeSet<>();
    Set<String> owners = new TreeSet<>();
    if (config.privileges()) {
      needed.addAll(model.roles());
      for (SchemaObject object : model.objects()) {
        if (object.ownerStatement() != null) {
          owners.add(object.owner());
          needed.add(object.owner());
        }
      }
    } else {
      needed.addAll(rolesOfPolicies(model));
    }
    needed.removeIf(r -> NOT_ROLES.contains(r.toLowerCase(Locale.ROOT)));
    Self self = self(connection);
    List<String> missing = new ArrayList<>();
    List<String> cannotOwn = new ArrayList<>();
    boolean missingOwners = false;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT r.name, a.oid IS NOT NULL,"
                + " a.oid IS NOT NULL AND pg_has_role(current_user, a.oid, 'USAGE')"
                + (self.serverMajor >= 16 ? " AND pg_has_role(current_user, a.oid, 'SET')" : "")
                + " FROM unnest(?::text[]) AS r(name) LEFT JOIN pg_roles a ON a.rolname = r.name"
                + " ORDER BY 1")) {
      query.setArray(1, connection.createArrayOf("text", needed.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String role = rows.getString(1);
          boolean exists = rows.getBoolean(2);
          if (!exists) {
            missing.add(role);
            // Only a superuser may give objects to a role it has just created.
            missingOwners |= owners.contains(role) && !self.superuser;
          } else if (owners.contains(role) && !self.superuser && !rows.getBoolean(3)) {
            cannotOwn.add(role);
          }
        }
      }
    }
    boolean createMissing = config.createRoles() && !missing.isEmpty();
    if (createMissing && !self.superuser && !self.createRole) {
      throw new PgKeeperException(
          "createRoles is set, but the restoring role "
              + self.name
              + " may not create roles (it needs CREATEROLE or to be a superuser) to create "
              + String.join(", ", missing)
              + ". Nothing was changed. Create them first, restore as a role that may, or restore"
              + " without owners and grants: -Ddb.restore.privileges=false.",
          Setting.RESTORE_CREATE_ROLES);
    }
    if ((!missing.isEmpty() && (!config.createRoles() || missingOwners)) || !cannotOwn.isEmpty()) {
      throw refusal(self.name, config, missing, missingOwners, cannotOwn);
    }
    if (createMissing) {
      try (Statement statement = connection.createStatement()) {
        for (String role : missing) {
          statement.execute("CREATE ROLE " + quote(role) + " NOLOGIN");
        }
      }
      log.info(
          "createRoles: created "
              + missing.size()
              + " role(s) the archive's schema names, NOLOGIN, in the restore's transaction: "
              + String.join(", ", missing));
      return missing;
    }
    return List.of();
  }

  private static PgKeeperException refusal(
      String self,
      RestoreConfig config,
      List<String> missing,
      boolean missingOwners,
      List<String> cannotOwn) {
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add(
          "names " + missing.size() + " role(s) the target lacks: " + String.join(", ", missing));
    }
    if (!cannotOwn.isEmpty()) {
      problems.add(
          "gives objects to "
              + cannotOwn.size()
              + " owner(s) the restoring role "
              + self
              + " cannot set (it is neither a superuser nor a member of them): "
              + String.join(", ", cannotOwn));
    }
    List<String> ways = new ArrayList<>();
    if (!missing.isEmpty()) {
      ways.add(
          "create the missing roles as NOLOGIN roles inside the restore's transaction with"
              + " -Ddb.restore.createRoles=true"
              + (missingOwners
                  ? ", as a superuser (only a superuser may give objects to a role it has just"
                      + " created)"
                  : ""));
    }
    if (!cannotOwn.isEmpty()) {
      ways.add("restore as a superuser or as a member of those owners");
    }
    ways.add(
        "restore without owners and grants with -Ddb.restore.privileges=false (as pg_restore"
            + " --no-owner --no-privileges): every object then belongs to the restoring role");
    String message =
        "The archive's schema "
            + String.join("; it ", problems)
            + ". Nothing was changed. Either "
            + String.join(", or ", ways)
            + "."
            + (config.privileges()
                ? ""
                : " Without privileges, the roles above are those that row-level security policies"
                    + " name: they are needed either way.");
    return new PgKeeperException(
        message, missing.isEmpty() ? Setting.RESTORE_PRIVILEGES : Setting.RESTORE_CREATE_ROLES);
  }

  /** The restoring role, as the checks need it. */
  private record Self(String name, boolean superuser, boolean createRole, int serverMajor) {}

  private static Self self(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT rolname, rolsuper, rolcreaterole,"
                    + " current_setting('server_version_num')::int / 10000"
                    + " FROM pg_roles WHERE rolname = current_user")) {
      row.next();
      return new Self(row.getString(1), row.getBoolean(2), row.getBoolean(3), row.getInt(4));
    }
  }

  /**
   * The roles named after {@code TO} in the schema's policies: without owners and grants, they are
   * the only roles the schema still needs.
   */
  static Set<String> rolesOfPolicies(SchemaModel model) {
    Set<String> roles = new TreeSet<>();
    for (SchemaObject object : model.objects()) {
      if (object.kind() != ObjectKind.POLICY) {
        continue;
      }
      for (String statement : object.statements()) {
        roles.addAll(rolesAfterTo(statement));
      }
    }
    return roles;
  }

  private static List<String> rolesAfterTo(String sql) {
    List<String> roles = new ArrayList<>();
    boolean inList = false;
    int depth = 0;
    for (Token token : SqlLexer.tokenize(sql)) {
      if (token.type() == TokenType.OPEN_PAREN) {
        depth++;
      } else if (token.type() == TokenType.CLOSE_PAREN) {
        depth--;
      } else if (depth == 0 && token.isWord(sql, "TO")) {
        inList = true;
      } else if (depth == 0
          && inList
          && (token.isWord(sql, "USING") || token.isWord(sql, "WITH"))) {
        inList = false;
      } else if (depth == 0 && inList && token.type() == TokenType.WORD) {
        roles.add(token.text(sql).toLowerCase(Locale.ROOT));
      } else if (depth == 0 && inList && token.type() == TokenType.QUOTED_IDENTIFIER) {
        String text = token.text(sql);
        roles.add(text.substring(1, text.length() - 1).replace("\"\"", "\""));
      }
    }
    return roles;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
