package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns what the server says during a backup into messages that say what to do. */
final class BackupErrors {
  private BackupErrors() {}

  static PgKeeperException forTable(
      TableInfo table, String user, String lockTimeout, SQLException e) {
    String reason = ConnectionConfig.mask(e.getMessage());
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String who = user == null ? "the connecting role" : "role " + user;
    if (rowSecurity(e)) {
      return rowSecurity(table, who, reason, ownerSubjectToForce(e), e);
    }
    if ("42501".equals(state)) {
      return new PgKeeperException(
          "Cannot back up "
              + table.displayName()
              + ": "
              + who
              + " may not read it ("
              + reason
              + "). Grant SELECT on it, or leave it out with excludeTables.",
          null,
          e);
    }
    if ("55P03".equals(state)) {
      return lockTimeout(table.displayName(), lockTimeout, e);
    }
    return new PgKeeperException(
        "Cannot back up " + table.displayName() + ": " + reason + " [SQLSTATE " + state + "]",
        null,
        e);
  }

  /**
   * A policy applies to the role: it is not a superuser and has no BYPASSRLS, and either does not
   * own the table, or owns it and the table FORCEs row-level security. The two need different
   * advice: an owner can switch FORCE off, a non-owner cannot.
   */
  private static PgKeeperException rowSecurity(
      TableInfo table, String who, String reason, boolean owner, SQLException e) {
    String role = who.startsWith("role ") ? who.substring("role ".length()) : "…";
    String bypass =
        "Back up as a superuser or as a role with BYPASSRLS (ALTER ROLE "
            + role
            + " BYPASSRLS, run by a superuser)";
    String advice =
        owner
            ? bypass
                + "; or switch FORCE off for the duration of the backup (ALTER TABLE "
                + table.qualifiedName()
                + " NO FORCE ROW LEVEL SECURITY, and FORCE ROW LEVEL SECURITY again after it)"
            : bypass + ", or as the table's owner if the table does not FORCE row-level security";
    return new PgKeeperException(
        "Cannot back up "
            + table.displayName()
            + ": "
            + (owner
                ? who
                    + " owns it, but the table has FORCE ROW LEVEL SECURITY, so its policies apply"
                    + " to its owner too"
                : "row-level security is enabled on it, and "
                    + who
                    + " neither owns it nor bypasses row-level security, so its policies apply")
            + " ("
            + reason
            + "). The backup runs with row_security = off so that it never keeps only the rows a"
            + " policy lets through. "
            + advice
            + "; or leave the table out with excludeTables or excludeData.",
        null,
        e);
  }

  /** Whether the server refused because a row-level security policy would apply. */
  private static boolean rowSecurity(SQLException e) {
    ServerErrorMessage server = serverError(e);
    if (server != null && "check_enable_rls".equals(server.getRoutine())) {
      return true;
    }
    return e.getMessage() != null && e.getMessage().contains("row-level security");
  }

  /**
   * Whether the role that got the row-level security error owns the table: PostgreSQL then hints at
   * NO FORCE ROW LEVEL SECURITY, which it does only for the owner (check_enable_rls).
   */
  private static boolean ownerSubjectToForce(SQLException e) {
    ServerErrorMessage server = serverError(e);
    return server != null && server.getHint() != null && !server.getHint().isEmpty();
  }

  private static ServerErrorMessage serverError(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
        return psql.getServerErrorMessage();
      }
    }
    return null;
  }

  static PgKeeperException lockTimeout(String what, String lockTimeout, SQLException e) {
    return new PgKeeperException(
        "Gave up waiting "
            + lockTimeout
            + " for a lock on "
            + what
            + ": another session holds or waits for an exclusive lock on it (a migration, an ALTER"
            + " or a VACUUM FULL). Run the backup again when it is done, or wait longer with"
            + " lockTimeout. ("
            + ConnectionConfig.mask(e.getMessage())
            + ")",
        Setting.LOCK_TIMEOUT,
        e);
  }
}
