package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opens the leader's transaction: the one whose snapshot the COPY workers share, in which the
 * catalog is read, and which holds the tables' locks until the backup ends.
 *
 * <p>The tables are locked before the snapshot is taken. A snapshot taken first, then a lock that
 * waits for a rewrite (TRUNCATE, ALTER TABLE … TYPE, …) to commit, reads the rewritten table as
 * empty; PostgreSQL documents these commands as not MVCC-safe. So the leader lists the tables, then
 * locks them in a REPEATABLE READ transaction that has not taken its snapshot yet ({@code LOCK
 * TABLE} takes none): a rewrite under way is waited for, and none can start until the backup ends.
 * The first query after the locks takes the snapshot. A table created between the listing and the
 * snapshot is locked as soon as the catalog shows it; {@link RewriteCheck} then proves that no
 * table changed after the snapshot, and if one did, the transaction starts again with it in the
 * listing.
 */
final class LeaderSnapshot {
  /** Tries before giving up on a schema that keeps changing under the backup. */
  static final int ATTEMPTS = 3;

  private static final String UNDEFINED_TABLE = "42P01";

  private LeaderSnapshot() {}

  /**
   * Leaves {@code leader} inside its REPEATABLE READ, READ ONLY transaction, with every table of
   * the returned catalog locked in ACCESS SHARE mode.
   */
  static Catalog open(Connection leader, BackupConfig config, Logger log, BackupPauses pauses)
      throws SQLException {
    for (int attempt = 1; ; attempt++) {
      Set<String> listed = new HashSet<>(new CatalogReader(leader, config, log).tablesToLock());
      leader.commit(); // the listing ran in a transaction of its own, at READ COMMITTED
      pauses.afterListing();
      try (Statement statement = leader.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      try {
        lock(leader, listed);
      } catch (SQLException e) {
        leader.rollback();
        if (UNDEFINED_TABLE.equals(e.getSQLState()) && attempt < ATTEMPTS) {
          continue; // dropped or renamed since it was listed: list again
        }
        throw e;
      }
      takeSnapshot(leader);
      pauses.afterSnapshot();
      Catalog catalog = new CatalogReader(leader, config, log).read();
      lock(
          leader,
          catalog.tables().stream()
              .map(TableInfo::qualifiedName)
              .filter(name -> !listed.contains(name))
              .collect(Collectors.toSet()));
      List<String> changed = RewriteCheck.changedSince(leader, catalog.tables());
      if (changed.isEmpty()) {
        return catalog;
      }
      leader.rollback();
      if (attempt == ATTEMPTS) {
        throw new PgKeeperException(
            "The backup's snapshot could not read "
                + String.join(", ", changed)
                + ": rewritten after the snapshot was taken, "
                + ATTEMPTS
                + " times in a row, so its rows would look deleted. Run the backup again when the"
                + " migration or maintenance that changes these tables is done.");
      }
      log.info(
          "Changed after the backup's snapshot, starting again with it locked first: "
              + String.join(", ", changed));
    }
  }

  private static void lock(Connection leader, Set<String> tables) throws SQLException {
    if (tables.isEmpty()) {
      return;
    }
    try (Statement statement = leader.createStatement()) {
      statement.execute(
          "LOCK TABLE "
              + tables.stream().sorted().collect(Collectors.joining(", "))
              + " IN ACCESS SHARE MODE");
    }
  }

  private static void takeSnapshot(Connection leader) throws SQLException {
    try (Statement statement = leader.createStatement()) {
      statement.execute("SELECT 1");
    }
  }
}
