package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.sql.SQLException;

/** Turns what the server says during a backup into messages that say what to do. */
final class BackupErrors {
  private BackupErrors() {}

  static PgKeeperException forTable(
      TableInfo table, String user, String lockTimeout, SQLException e) {
    String reason = ConnectionConfig.mask(e.getMessage());
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String who = user == null ? "the connecting role" : "role " + user;
    if (reason != null && reason.contains("row-level security")) {
      return new PgKeeperException(
          "Cannot back up "
              + table.displayName()
              + ": "
              + who
              + " is subject to its row-level security policy ("
              + reason
              + "). The backup runs with row_security = off so that it never keeps only the rows"
              + " a policy lets through. Back up as the table owner, a superuser or a role with"
              + " BYPASSRLS, or leave the table out with excludeTables or excludeData.",
          null,
          e);
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
