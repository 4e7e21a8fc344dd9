package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * A staged db:restore that has not finished in this database: its marker ({@link
 * HistoryTable#restoreMarkerName()}) is there. Until its last transaction the database holds part
 * of an archive and no migration history, so db:migrate would apply every migration on top of the
 * restored tables, and db:status, db:backup or db:diff would report or save a database that no
 * archive or migration made. They all refuse it here, with one message: the marker, what it says
 * (which archive, since when, how much was created) and what to do.
 *
 * <p>A restore holds the migration lock while it runs, so the marker of a running restore comes
 * with a lock session named {@code pgkeeper db:restore}; without one, the restore was killed (or
 * lost its connection), and only db:restore (which cleans up first) or the manual cleanup helps.
 * The goals that take the migration lock see only the second case: they wait for a running restore.
 */
public final class UnfinishedRestore {
  private static final String RESTORE_SESSION = Connections.APPLICATION_NAME + " db:restore";

  private final String marker;
  private final String restoring;
  private final String startedAt;
  private final long created;
  private final String runningIn;

  private UnfinishedRestore(
      String marker, String restoring, String startedAt, long created, String runningIn) {
    this.marker = marker;
    this.restoring = restoring;
    this.startedAt = startedAt;
    this.created = created;
    this.runningIn = runningIn;
  }

  /**
   * Refuses a database with an unfinished staged restore.
   *
   * @throws PgKeeperException naming the marker, the restore and what to do
   */
  public static void refuse(Connection connection, HistoryTable history) throws SQLException {
    Optional<UnfinishedRestore> unfinished = find(connection, history);
    if (unfinished.isPresent()) {
      throw new PgKeeperException(unfinished.get().message());
    }
  }

  /**
   * The unfinished restore whose marker is in {@code history}'s schema, if any. Its queries cannot
   * fail on privileges, so a transaction the caller has open stays usable.
   */
  public static Optional<UnfinishedRestore> find(Connection connection, HistoryTable history)
      throws SQLException {
    String marker;
    boolean readable;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT format('%I.%I', n.nspname, c.relname), has_schema_privilege(n.oid, 'USAGE')"
                + " AND has_table_privilege(c.oid, 'SELECT') FROM pg_catalog.pg_class c JOIN"
                + " pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND"
                + " c.relname = ? AND c.relkind = 'r'")) {
      query.setString(1, history.schema());
      query.setString(2, history.restoreMarkerName());
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        marker = row.getString(1);
        readable = row.getBoolean(2);
      }
    }
    String restoring = null;
    String startedAt = null;
    long created = -1;
    if (readable) {
      try (Statement statement = connection.createStatement();
          ResultSet row =
              statement.executeQuery(
                  "SELECT max(name) FILTER (WHERE kind = 'restore'), min(recorded_at)::timestamptz(0)"
                      + "::text, count(undo) FROM "
                      + marker)) {
        row.next();
        restoring = row.getString(1);
        startedAt = row.getString(2);
        created = row.getLong(3);
      }
    }
    long lock = MigrationLock.key(history.displayName());
    boolean running =
        SessionInfo.holdingAdvisoryLock(connection, lock).stream()
            .anyMatch(s -> RESTORE_SESSION.equals(s.application()));
    String runningIn = running ? MigrationLock.holders(connection, lock) : null;
    return Optional.of(new UnfinishedRestore(marker, restoring, startedAt, created, runningIn));
  }

  /** Whether the restore is running now (its session holds the migration lock). */
  public boolean running() {
    return runningIn != null;
  }

  /** The marker's table, such as {@code public.pgkeeper_history_restore}. */
  public String marker() {
    return marker;
  }

  /** What is wrong and what to do, in one message. */
  public String message() {
    String what =
        restoring == null
            ? " (this role may not read what it says)"
            : String.format(
                Locale.ROOT,
                ", which says it restores %s, started %s, and has created %,d object(s) so far",
                restoring,
                startedAt,
                created);
    if (running()) {
      return "A staged db:restore into this database is running now: "
          + runningIn
          + ". Its marker is "
          + marker
          + what
          + ". Until its last transaction the database holds part of the archive and no migration"
          + " history. Wait for it to finish (it drops the marker), then run this goal again.";
    }
    return "A staged db:restore into this database did not finish: it was killed or lost its"
        + " connection, and left its marker "
        + marker
        + what
        + ". The database holds part of the archive and no migration history, so nothing may"
        + " migrate, report or back it up as it is. Run db:restore again with the same archive: it"
        + " first removes what the marker lists, naming it, then restores. Or remove it by hand:"
        + " run the marker's undo statements newest first (SELECT undo FROM "
        + marker
        + " WHERE undo IS NOT NULL ORDER BY id DESC), then DROP TABLE "
        + marker
        + " (see docs/restore.md).";
  }
}
