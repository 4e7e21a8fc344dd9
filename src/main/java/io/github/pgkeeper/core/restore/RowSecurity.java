package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Row-level security of the tables a restore reads and loads. {@code COPY FROM} refuses a table
 * whose policies apply to the restoring role, and a policy would hide rows from the checks that
 * decide whether a table may be emptied. Policies apply unless the role is a superuser or has
 * BYPASSRLS, or owns the table and the table does not FORCE ROW LEVEL SECURITY. So, before anything
 * is emptied or loaded:
 *
 * <ul>
 *   <li>a table the role owns whose FORCE is on gets {@code NO FORCE ROW LEVEL SECURITY} inside the
 *       restore's transaction (the table is already locked ACCESS EXCLUSIVE, so no other session
 *       sees it), and FORCE back before the commit; a rollback undoes both;
 *   <li>a table with row-level security the role neither owns nor may bypass is refused, naming it
 *       and what the role needs.
 * </ul>
 *
 * The restore also runs with {@code row_security = off}: should a policy still apply somewhere, the
 * statement fails rather than silently seeing fewer rows.
 */
final class RowSecurity {
  private final List<String> forced;
  private final Logger log;

  private RowSecurity(List<String> forced, Logger log) {
    this.forced = forced;
    this.log = log;
  }

  /** Nothing to put back. */
  static RowSecurity none(Logger log) {
    return new RowSecurity(List.of(), log);
  }

  /**
   * Makes the policies of the tables {@code oids} not apply to the restoring role, or refuses.
   *
   * @param loaded whether the restore loads rows into these tables, or only empties them
   */
  static RowSecurity prepare(
      Connection connection, Collection<Long> oids, boolean loaded, Logger log)
      throws SQLException {
    if (oids.isEmpty() || bypasses(connection)) {
      return none(log);
    }
    List<String> forced = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT format('%I.%I', n.nspname, c.relname), n.nspname || '.' || c.relname,"
                + " c.relforcerowsecurity, pg_has_role(c.relowner, 'USAGE'),"
                + " pg_get_userbyid(c.relowner)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid::bigint = ANY (?) AND c.relrowsecurity ORDER BY 2")) {
      query.setArray(1, connection.createArrayOf("bigint", oids.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          if (!rows.getBoolean(4)) {
            refused.add(rows.getString(2) + " (owner " + rows.getString(5) + ")");
          } else if (rows.getBoolean(3)) {
            forced.add(rows.getString(1));
          }
        }
      }
    }
    if (!refused.isEmpty()) {
      String role = currentUser(connection);
      throw new PgKeeperException(
          "Row-level security is enabled on "
              + String.join(", ", refused)
              + ", and role "
              + role
              + " neither owns "
              + (refused.size() == 1 ? "it" : "them")
              + " nor bypasses row-level security, so its policies apply: "
              + (loaded ? "PostgreSQL refuses COPY FROM into such a table, and " : "")
              + "the restore could not see all of its rows to check whether it may empty it."
              + " Nothing was changed. Restore as a superuser, as a role with BYPASSRLS (ALTER"
              + " ROLE "
              + role
              + " BYPASSRLS, run by a superuser), or as the tables' owner; or leave them out with"
              + " <tables>.");
    }
    try (Statement statement = connection.createStatement()) {
      for (String table : forced) {
        statement.execute("ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY");
      }
    }
    if (!forced.isEmpty()) {
      log.info(
          "Row-level security is forced on "
              + String.join(", ", forced)
              + ", so its policies apply to the owner too: FORCE is off inside the restore's"
              + " transaction, and on again before the commit.");
    }
    return new RowSecurity(List.copyOf(forced), log);
  }

  /** Turns FORCE ROW LEVEL SECURITY on again where {@link #prepare} turned it off. */
  void putBack(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String table : forced) {
        statement.execute("ALTER TABLE " + table + " FORCE ROW LEVEL SECURITY");
      }
    }
    if (!forced.isEmpty()) {
      log.debug("FORCE ROW LEVEL SECURITY on again: " + String.join(", ", forced));
    }
  }

  /** Whether no policy applies to the role: a superuser, or a role with BYPASSRLS. */
  private static boolean bypasses(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
      return rows.next() && rows.getBoolean(1);
    }
  }

  private static String currentUser(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_user")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
