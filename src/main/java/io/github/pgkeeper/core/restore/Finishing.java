package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.MaterializedViewInfo;
import io.github.pgkeeper.core.archive.SequenceInfo;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.restore.TargetCatalog.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a restore does once the rows are in: sequences set to their recorded state and materialized
 * views refreshed, inside the transaction; ANALYZE after the commit.
 */
final class Finishing {
  private Finishing() {}

  /**
   * Sets the sequences to their recorded state: all of them for a full restore, only those owned by
   * a restored table for a subset.
   */
  static void setSequences(
      Connection connection,
      ArchiveHeader header,
      List<TableInfo> selected,
      boolean subset,
      Logger log)
      throws SQLException {
    setSequences(connection, sequencesFor(header, selected, subset), log);
  }

  /** The sequences a restore sets: all, or for a subset those its tables own. */
  static List<SequenceInfo> sequencesFor(
      ArchiveHeader header, List<TableInfo> selected, boolean subset) {
    Set<String> restored = new HashSet<>();
    selected.forEach(t -> restored.add(t.displayName()));
    return header.sequences().stream()
        .filter(s -> !subset || (s.ownedBy() != null && restored.contains(owner(s))))
        .toList();
  }

  /** Sets these sequences to their recorded state. */
  static void setSequences(Connection connection, List<SequenceInfo> sequences, Logger log)
      throws SQLException {
    if (sequences.isEmpty()) {
      return;
    }
    try (PreparedStatement set =
        connection.prepareStatement(
            "SELECT u.name FROM unnest(?::text[], ?::bigint[], ?::boolean[]) AS u(name, v, c)"
                + " WHERE to_regclass(u.name) IS NULL OR setval(to_regclass(u.name), u.v, u.c)"
                + " IS NULL")) {
      set.setArray(
          1,
          TargetCatalog.texts(
              connection, sequences.stream().map(SequenceInfo::qualifiedName).toList()));
      set.setArray(
          2,
          connection.createArrayOf(
              "bigint", sequences.stream().map(SequenceInfo::lastValue).toArray()));
      set.setArray(
          3,
          connection.createArrayOf(
              "boolean", sequences.stream().map(SequenceInfo::isCalled).toArray()));
      List<String> missing = new ArrayList<>();
      try (ResultSet result = set.executeQuery()) {
        while (result.next()) {
          missing.add(result.getString(1));
        }
      }
      if (!missing.isEmpty()) {
        log.warn("The target has no sequence " + String.join(", ", missing) + "; not set.");
      }
    }
  }

  private static String owner(SequenceInfo sequence) {
    String owned = sequence.ownedBy();
    return owned.substring(0, owned.lastIndexOf('.'));
  }

  static void refreshViews(Connection connection, ArchiveHeader header, Logger log)
      throws SQLException {
    refreshViews(connection, header.materializedViews(), log);
  }

  /** Refreshes those of {@code views} that were populated. */
  static void refreshViews(Connection connection, List<MaterializedViewInfo> views, Logger log)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (MaterializedViewInfo view : views) {
        if (!view.populated()) {
          continue;
        }
        try (ResultSet exists =
            statement.executeQuery(
                "SELECT to_regclass('" + view.qualifiedName().replace("'", "''") + "')")) {
          exists.next();
          if (exists.getString(1) == null) {
            log.warn(
                "The target has no materialized view "
                    + view.schema()
                    + "."
                    + view.name()
                    + "; not refreshed.");
            continue;
          }
        }
        statement.execute("REFRESH MATERIALIZED VIEW " + view.qualifiedName());
      }
    }
  }

  /**
   * Tables analyzed per transaction. ANALYZE of a list outside a transaction block commits after
   * each table: 5,000 small tables cost 5,000 commits (each a WAL flush on a server that syncs).
   * Inside one transaction they cost one, but take a lock on each table and index until it ends: a
   * few hundred locks stay well inside the server's shared lock table.
   */
  static final int ANALYZE_CHUNK = 100;

  /**
   * Fresh statistics for the planner; after the commit, so it never holds the restore back, in
   * transactions of {@link #ANALYZE_CHUNK} tables.
   */
  static void analyze(Connection connection, List<Target> tables, Logger log) {
    if (tables.isEmpty()) {
      return;
    }
    long started = System.nanoTime();
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        for (int from = 0; from < tables.size(); from += ANALYZE_CHUNK) {
          statement.execute(
              "ANALYZE "
                  + tables.subList(from, Math.min(tables.size(), from + ANALYZE_CHUNK)).stream()
                      .map(t -> t.table().qualifiedName())
                      .collect(Collectors.joining(", ")));
          connection.commit();
        }
      }
      log.info(
          String.format(
              Locale.ROOT,
              "Analyzed %d table(s) in %.1f s",
              tables.size(),
              (System.nanoTime() - started) / 1e9));
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // The connection is gone; so is the transaction.
      }
      log.warn(
          "ANALYZE after the restore failed ("
              + e.getMessage()
              + "); the data is restored. Run ANALYZE yourself, or let autovacuum do it.");
    }
  }
}
