package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.archive.TableInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the backed-up tables whose relation changed after a snapshot was taken, which that snapshot
 * cannot read correctly.
 *
 * <p>A rewrite (TRUNCATE, ALTER TABLE … TYPE, a column with a volatile default, CLUSTER, VACUUM
 * FULL, SET LOGGED) gives the table a new relation file, and rows written into it by a transaction
 * the snapshot does not see are invisible to it: the table reads as empty. A query on {@code
 * pg_class} answers from the snapshot, while {@code pg_relation_filenode()} reads the catalog as it
 * is now, so a difference between them is a rewrite committed after the snapshot. A partition
 * attached or detached after the snapshot changes what a partitioned table's COPY reads, so the
 * partition trees are compared the same way.
 */
final class RewriteCheck {
  private RewriteCheck() {}

  /**
   * Run in the snapshot's transaction, with the tables locked (so that none can be dropped while
   * their names are resolved).
   *
   * @return one line per changed table, such as {@code public.acct (rewritten)}; empty when none
   */
  static List<String> changedSince(Connection snapshotSession, List<TableInfo> tables)
      throws SQLException {
    List<String> changed = new ArrayList<>();
    if (tables.isEmpty()) {
      return changed;
    }
    String[] names = tables.stream().map(TableInfo::qualifiedName).toArray(String[]::new);
    // Inheritance children and partitions too: a partitioned table's rows live in its leaves.
    String rewritten =
        "WITH RECURSIVE tree(oid) AS ("
            + " SELECT n::regclass::oid FROM unnest(?::text[]) n"
            + " UNION SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.oid)"
            + " SELECT s.nspname || '.' || c.relname FROM tree"
            + " JOIN pg_class c ON c.oid = tree.oid JOIN pg_namespace s ON s.oid = c.relnamespace"
            + " WHERE c.relkind IN ('r', 'm')"
            + " AND c.relfilenode IS DISTINCT FROM pg_relation_filenode(c.oid)"
            + " ORDER BY 1";
    for (String name : query(snapshotSession, rewritten, names)) {
      changed.add(name + " (rewritten)");
    }
    String repartitioned =
        "WITH RECURSIVE roots(root) AS ("
            + " SELECT n::regclass::oid FROM unnest(?::text[]) n"
            + " JOIN pg_class c ON c.oid = n::regclass::oid WHERE c.relkind = 'p'),"
            + " tree(root, oid) AS (SELECT root, root FROM roots"
            + " UNION SELECT t.root, i.inhrelid FROM pg_inherits i JOIN tree t"
            + " ON i.inhparent = t.oid)"
            + " SELECT s.nspname || '.' || c.relname FROM roots r"
            + " JOIN pg_class c ON c.oid = r.root JOIN pg_namespace s ON s.oid = c.relnamespace"
            + " WHERE ARRAY(SELECT t.oid FROM tree t WHERE t.root = r.root ORDER BY 1)"
            + " IS DISTINCT FROM ARRAY(SELECT p.relid::oid FROM pg_partition_tree(r.root) p"
            + " ORDER BY 1)"
            + " ORDER BY 1";
    for (String name : query(snapshotSession, repartitioned, names)) {
      changed.add(name + " (partitions attached or detached)");
    }
    return changed;
  }

  private static List<String> query(Connection connection, String sql, String[] names)
      throws SQLException {
    List<String> found = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setArray(1, connection.createArrayOf("text", names));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }
}
