package io.github.pgkeeper.core.restore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How many locks one restore transaction may hold on the target's server. Every relation a
 * transaction creates, truncates, drops or locks (table, TOAST table and its index, index,
 * sequence, view) holds an entry of the server's shared lock table until the commit, and when the
 * table is full the statement fails with "out of shared memory" (SQLSTATE 53200), also in other
 * sessions.
 *
 * <p>PostgreSQL sizes that table for {@code max_locks_per_transaction × slots} objects, slots being
 * {@code max_connections + autovacuum_max_workers + 1 + max_worker_processes + max_wal_senders +
 * max_prepared_transactions}; it then grows into free shared memory. Measured with one transaction
 * creating tables until it failed (PostgreSQL 15 and 17, see docs/restore.md): 1.56 to 2.4 times
 * that nominal size, the smaller factor for the larger settings. The budget is {@value #FACTOR}
 * times the nominal size, minus what other sessions hold now: below every measurement, so a restore
 * within it does not fill the table for everybody else.
 *
 * @param maxLocks {@code max_locks_per_transaction}
 * @param slots the backends and prepared transactions the lock table is sized for
 * @param heldByOthers lock-table entries other sessions hold (fast-path locks need none)
 * @param factor the share of the nominal size a restore counts on
 */
record LockBudget(int maxLocks, int slots, int heldByOthers, double factor) {
  /** Below the smallest measured growth of the lock table (1.56 at 256 × 122). */
  static final double FACTOR = 1.4;

  /** Above the largest measured growth (2.4 at 10 × 122): a need beyond it cannot fit. */
  static final double MAX_MEASURED = 2.5;

  static final String OUT_OF_SHARED_MEMORY = "53200";

  /** The server's settings and the entries other sessions hold now. */
  static LockBudget measure(Connection connection, double factor) throws SQLException {
    int maxLocks = 64;
    int slots = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name, setting::int FROM pg_settings WHERE name IN"
                    + " ('max_locks_per_transaction', 'max_connections',"
                    + " 'autovacuum_max_workers', 'max_worker_processes', 'max_wal_senders',"
                    + " 'max_prepared_transactions')")) {
      while (rows.next()) {
        if (rows.getString(1).equals("max_locks_per_transaction")) {
          maxLocks = rows.getInt(2);
        } else {
          slots += rows.getInt(2);
        }
      }
    }
    slots += 1; // the autovacuum launcher
    int held;
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(*) FROM (SELECT DISTINCT pid, locktype, database, relation, page,"
                    + " tuple, virtualxid, transactionid, classid, objid, objsubid FROM pg_locks"
                    + " WHERE NOT fastpath AND pid IS DISTINCT FROM pg_backend_pid()) AS held")) {
      row.next();
      held = row.getInt(1);
    }
    return new LockBudget(maxLocks, slots, held, factor);
  }

  int nominal() {
    return maxLocks * slots;
  }

  /** The locks one restore transaction may take. */
  int available() {
    return Math.max(0, (int) (factor * nominal()) - heldByOthers);
  }

  /** The locks one transaction of a staged restore takes at most: half the budget. */
  int perTransaction() {
    return Math.max(1, available() / 2);
  }

  /** Whether {@code need} cannot fit in one transaction even as the lock table grows the most. */
  boolean clearlyExceeded(int need) {
    return need > (int) (Math.max(MAX_MEASURED, factor) * nominal()) - heldByOthers;
  }

  /** The setting with which {@code need} fits this budget. */
  int maxLocksFor(int need) {
    int value = (int) Math.ceil((need + heldByOthers) / (factor * slots));
    return Math.max(maxLocks + 1, ((value + 63) / 64) * 64);
  }

  /** The numbers, for the log: {@code 10,006 of about 10,931 (…)}. */
  String describe(int need) {
    return String.format(
        Locale.ROOT,
        "about %,d lock(s), the server allows one transaction about %,d (max_locks_per_transaction"
            + " %d × %d slots = %,d, the lock table grows to about %.1f× that%s)",
        need,
        available(),
        maxLocks,
        slots,
        nominal(),
        factor,
        heldByOthers == 0
            ? ""
            : String.format(Locale.ROOT, ", minus %,d held by other sessions", heldByOthers));
  }

  /** Whether {@code e} or one of its causes is the server's lock table running full. */
  static boolean outOfLocks(Throwable e) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql) {
        SQLException s = sql;
        // A batch's failure chains the statements' own (a chain may loop back).
        for (int i = 0; s != null && i < 100; i++, s = s.getNextException()) {
          if (OUT_OF_SHARED_MEMORY.equals(s.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
