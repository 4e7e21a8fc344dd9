package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaObject;
import io.github.pgkeeper.core.schema.Section;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The lock-table entries a restore holds until its commit, counted before it starts: one per
 * relation it creates, empties, drops or locks. Where the archive cannot tell (whether a table gets
 * a TOAST table, what an extension creates), the count assumes the larger number.
 */
final class LockNeed {
  /** The history table with its TOAST table and index, its key, the marker, namespaces. */
  static final int FIXED = 20;

  private LockNeed() {}

  /**
   * Entries one object takes when it is created in a transaction that also created the objects it
   * belongs to (a table's index in the table's transaction).
   */
  static int creating(SchemaObject object) {
    return switch (object.kind()) {
      // The table, and the TOAST table and its index any column of variable length brings.
      case TABLE -> 3;
      // As a table, and REFRESH builds the rows into a new one of the same shape.
      case MATERIALIZED_VIEW -> 6;
      // A composite type is a relation; the others take one entry on their namespace at most.
      case SCHEMA, SEQUENCE, VIEW, TYPE, INDEX, CONSTRAINT -> 1;
      // Whatever its script creates: a few tables at most for the common ones.
      case EXTENSION -> 10;
      default -> 0;
    };
  }

  /**
   * Entries an object takes in a transaction of a staged restore, which may come after its table's:
   * its own, and a lock on the table it alters (a column's default, an index, a trigger; a foreign
   * key locks two tables).
   */
  static int afterward(SchemaObject object) {
    return switch (object.kind()) {
      case INDEX, CONSTRAINT, FOREIGN_KEY -> 2;
      case PUBLICATION -> 0;
      case DEFAULT, SEQUENCE_OWNED_BY, CHECK_CONSTRAINT -> 1;
      default -> object.section() == Section.POST_DATA ? 1 : creating(object);
    };
  }

  /**
   * A restore into an empty target, in one transaction: everything the archive's schema creates.
   */
  static int emptyTarget(SchemaModel model) {
    int need = FIXED;
    for (SchemaObject object : model.objects()) {
      need += creating(object);
    }
    return need;
  }

  /**
   * A restore into a target that has the tables: each table (and partition) locked, emptied with
   * its TOAST table, its indexes dropped and built anew (two entries each), the sequences set and
   * the materialized views refreshed.
   */
  static int existingTarget(Connection connection, List<TableInfo> selected, ArchiveHeader header)
      throws SQLException {
    long relations;
    try (PreparedStatement query =
        connection.prepareStatement(
            "WITH RECURSIVE t(oid) AS ("
                + " SELECT to_regclass(n) FROM unnest(?::text[]) AS n WHERE to_regclass(n) IS NOT"
                + " NULL UNION SELECT i.inhrelid FROM pg_inherits i JOIN t ON i.inhparent = t.oid)"
                + " SELECT coalesce(sum(1 + CASE WHEN c.reltoastrelid <> 0 THEN 2 ELSE 0 END"
                + " + 2 * (SELECT count(*) FROM pg_index x WHERE x.indrelid = c.oid)), 0)"
                + " FROM t JOIN pg_class c ON c.oid = t.oid")) {
      query.setArray(
          1,
          TargetCatalog.texts(
              connection, selected.stream().map(TableInfo::qualifiedName).toList()));
      try (ResultSet row = query.executeQuery()) {
        row.next();
        relations = row.getLong(1);
      }
    }
    return (int)
        Math.min(
            Integer.MAX_VALUE,
            FIXED + relations + header.sequences().size() + 6L * header.materializedViews().size());
  }
}
