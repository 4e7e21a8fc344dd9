package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.sql.ConcurrentDdl;
import io.github.pgkeeper.core.sql.ConcurrentDdl.CreateIndex;
import io.github.pgkeeper.core.sql.ConcurrentDdl.DetachPartition;
import io.github.pgkeeper.core.sql.ConcurrentDdl.Reindex;
import io.github.pgkeeper.core.sql.ConcurrentDdl.ReindexScope;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a {@link ConcurrentDdl} statement leaves behind when it fails or is killed part-way: an
 * invalid index, or a partition left "detach pending". Each run of such a statement, in a migration
 * that runs without a transaction, goes through an {@link Attempt}:
 *
 * <ul>
 *   <li>before it runs, what an earlier run of it left is cleared, as a person would do it by hand:
 *       an invalid index of the name it creates, on its table, is dropped ({@code DROP INDEX
 *       CONCURRENTLY}) so the statement builds it again, instead of failing with "already exists"
 *       or, with {@code IF NOT EXISTS}, skipping it; a pending detach is finished ({@code
 *       FINALIZE}); the {@code *_ccnew} and {@code *_ccold} indexes of a failed {@code REINDEX ...
 *       CONCURRENTLY} are dropped, as the PostgreSQL manual advises. What cannot be told apart from
 *       other work (an index another session is still building, an invalid index of that name on
 *       another table, invalid indexes a {@code REINDEX} would skip) is refused, naming it and the
 *       fix;
 *   <li>after it fails, the invalid indexes this run left are dropped at once if the connection
 *       still works: an invalid unique index goes on rejecting duplicates the application writes;
 *   <li>after it succeeds, before its progress is recorded, it is checked again, so a migration is
 *       never recorded as applied with an invalid index it builds. An unnamed index gets a new name
 *       on every run, so an invalid copy a killed earlier build left beside the new index (the same
 *       definition) is dropped then.
 * </ul>
 */
final class Leftovers {
  /** The names PostgreSQL gives the transient indexes of REINDEX CONCURRENTLY. */
  private static final String TRANSIENT_NAME = "_cc(new|old)[0-9]*$";

  /** Indexes with their table, validity, definition without the name, and who builds them. */
  private static final String INDEXES =
      "SELECT x.indexrelid::bigint, format('%I.%I', n.nspname, c.relname), x.indisvalid,"
          + " x.indrelid::bigint, (SELECT format('%I.%I', tn.nspname, tc.relname) FROM pg_class tc"
          + " JOIN pg_namespace tn ON tn.oid = tc.relnamespace WHERE tc.oid = x.indrelid),"
          + " c.relname ~ '"
          + TRANSIENT_NAME
          + "', (SELECT min(p.pid) FROM pg_stat_progress_create_index p"
          + " WHERE p.relid = x.indrelid AND p.pid <> pg_backend_pid()),"
          + " overlay(d.def PLACING '' FROM strpos(d.def, ' INDEX ') + 7"
          + " FOR length(quote_ident(c.relname)))"
          + " FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " CROSS JOIN LATERAL (SELECT pg_get_indexdef(x.indexrelid) AS def) d WHERE ";

  private final Connection connection;
  private final Logger log;

  Leftovers(Connection connection, Logger log) {
    this.connection = connection;
    this.log = log;
  }

  /**
   * An index as the server reports it.
   *
   * @param anonymous its definition with its name left out, to match two builds of one statement
   * @param buildingPid another session building an index on its table right now, or null
   */
  private record Index(
      long oid,
      String name,
      boolean valid,
      long tableOid,
      String table,
      boolean transientName,
      Integer buildingPid,
      String anonymous) {}

  /** A leftover to be dealt with by hand; the message names it and the fix. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Starts one run of {@code statement}, clearing what an earlier run of it left.
   *
   * @throws Refused for a leftover it cannot clear safely
   * @throws SQLException when clearing a leftover fails
   */
  Attempt prepare(SqlStatement statement) throws Refused, SQLException {
    Attempt attempt = new Attempt(ConcurrentDdl.of(statement).orElse(null));
    attempt.prepare();
    return attempt;
  }

  /** One run of one statement. */
  final class Attempt {
    private final ConcurrentDdl ddl;
    private boolean run = true;

    /** The indexes of the table before an unnamed index build, to tell its own index apart. */
    private Set<Long> indexesBefore;

    private Attempt(ConcurrentDdl ddl) {
      this.ddl = ddl;
    }

    /** False when clearing the leftover completed the statement: a pending detach it finished. */
    boolean run() {
      return run;
    }

    private void prepare() throws Refused, SQLException {
      if (ddl == null) {
        return;
      }
      List<Index> found = List.of();
      try {
        if (ddl instanceof CreateIndex create && create.index().isPresent()) {
          found = namedIndex(create);
        } else if (ddl instanceof CreateIndex create) {
          indexesBefore =
              indexesOf(create.table()).stream().map(Index::oid).collect(Collectors.toSet());
        } else if (ddl instanceof Reindex reindex) {
          found = inScope(reindex);
        } else if (ddl instanceof DetachPartition detach) {
          run = !detachPending(detach);
        }
      } catch (SQLException e) {
        // Say a schema the statement names does not exist yet: the statement reports the real
        // problem itself, and what it does is checked after it ran.
        log.debug("Could not look for what an earlier run left: " + e.getMessage());
        return;
      }
      refuseUnclear(found);
      for (Index index : found) {
        String doing =
            "Dropping the invalid index "
                + index.name()
                + ", which an earlier, interrupted run of this statement left";
        log.info(doing);
        clear(doing, "DROP INDEX CONCURRENTLY IF EXISTS " + index.name());
      }
      if (!run && ddl instanceof DetachPartition detach) {
        String doing =
            "Finishing the detach of "
                + detach.partition()
                + " from "
                + detach.table()
                + ", which an earlier, interrupted run of this statement started";
        log.info(doing);
        clear(doing, finalizeSql(detach));
      }
    }

    /** Runs {@code sql}; an error says what was being cleared, keeping the server's SQLSTATE. */
    private void clear(String doing, String sql) throws SQLException {
      try {
        execute(sql);
      } catch (SQLException e) {
        throw new SQLException(
            doing + ", failed (" + sql + "): " + e.getMessage(), e.getSQLState(), e);
      }
    }

    /**
     * After the statement ran: drops an invalid copy of an unnamed index that an earlier build
     * left, then refuses if an index the statement builds is still invalid.
     */
    void succeeded() throws Refused, SQLException {
      List<Index> invalid = List.of();
      if (ddl instanceof CreateIndex create && create.index().isPresent()) {
        invalid = namedIndex(create);
      } else if (ddl instanceof CreateIndex create) {
        dropCopiesOfNewIndex(create);
      } else if (ddl instanceof Reindex reindex) {
        invalid = inScope(reindex);
      }
      refuseUnclear(invalid);
      if (!invalid.isEmpty()) {
        throw new Refused(
            "The statement ran, but "
                + invalid.stream().map(Index::name).collect(Collectors.joining(", "))
                + (invalid.size() == 1 ? " is" : " are")
                + " still invalid, so the migration is not recorded as applied. Run migrate"
                + " again: it drops the invalid index and runs the statement again.");
      }
    }

    /**
     * After the statement failed: drops the invalid indexes it left, if the connection still works.
     * Never throws; returns what it left and what was done, for the error message.
     */
    String failed() {
      if (ddl == null) {
        return "";
      }
      try {
        List<Index> left = List.of();
        if (ddl instanceof CreateIndex create && create.index().isPresent()) {
          left = namedIndex(create);
        } else if (ddl instanceof CreateIndex create && indexesBefore != null) {
          left =
              indexesOf(create.table()).stream()
                  .filter(i -> !i.valid() && !indexesBefore.contains(i.oid()))
                  .toList();
        } else if (ddl instanceof Reindex reindex) {
          left = inScope(reindex).stream().filter(Index::transientName).toList();
        }
        if (ddl instanceof DetachPartition detach && detachPending(detach)) {
          return "\nIt left partition "
              + detach.partition()
              + " detach pending; the next migrate finishes the detach ("
              + finalizeSql(detach)
              + ").";
        }
        List<String> dropped = new ArrayList<>();
        for (Index index : left) {
          if (index.buildingPid() != null) {
            continue;
          }
          try {
            drop(index);
            dropped.add(index.name());
          } catch (SQLException e) {
            return "\nIt left the invalid index "
                + index.name()
                + ", and dropping it failed ("
                + e.getMessage()
                + "). The next migrate drops it before it runs the statement again; to drop it"
                + " now: DROP INDEX CONCURRENTLY "
                + index.name()
                + ";";
          }
        }
        return dropped.isEmpty()
            ? ""
            : "\nIt left the invalid index"
                + (dropped.size() == 1 ? " " : "es ")
                + String.join(", ", dropped)
                + ", which pgkeeper dropped (DROP INDEX CONCURRENTLY).";
      } catch (SQLException connectionLost) {
        // The next run clears what is left before it runs the statement again.
        return "";
      }
    }

    private void dropCopiesOfNewIndex(CreateIndex create) throws SQLException {
      if (indexesBefore == null) {
        return;
      }
      List<Index> indexes = indexesOf(create.table());
      Set<String> built =
          indexes.stream()
              .filter(i -> i.valid() && !indexesBefore.contains(i.oid()))
              .map(Index::anonymous)
              .collect(Collectors.toSet());
      for (Index index : indexes) {
        if (!index.valid() && index.buildingPid() == null && built.contains(index.anonymous())) {
          log.info(
              "Dropping the invalid index "
                  + index.name()
                  + ", which an earlier, interrupted run of this statement left");
          drop(index);
        }
      }
    }

    /** Refuses the leftovers that are not this statement's own to drop. */
    private void refuseUnclear(List<Index> found) throws Refused, SQLException {
      for (Index index : found) {
        if (index.buildingPid() != null) {
          throw new Refused(
              "The index "
                  + index.name()
                  + " is invalid, and pid "
                  + index.buildingPid()
                  + " is building an index on "
                  + index.table()
                  + " right now, perhaps an earlier migrate run that was interrupted. Wait for it"
                  + " to end, or stop it with SELECT pg_cancel_backend("
                  + index.buildingPid()
                  + "); then run migrate again: it drops the invalid index and builds it again.");
        }
      }
      if (ddl instanceof CreateIndex create) {
        long table = tableOid(create.table());
        for (Index index : found) {
          if (index.tableOid() != table) {
            throw new Refused(
                "An invalid index "
                    + index.name()
                    + " exists on "
                    + index.table()
                    + ", not on "
                    + create.table()
                    + ", so this statement would skip it (IF NOT EXISTS) or fail. Drop it"
                    + " (DROP INDEX CONCURRENTLY "
                    + index.name()
                    + ";) or give the new index another name, then run migrate again.");
          }
        }
      } else if (ddl instanceof Reindex) {
        List<String> skipped =
            found.stream().filter(i -> !i.transientName()).map(Index::name).toList();
        if (!skipped.isEmpty()) {
          String them = skipped.size() == 1 ? "it" : "each";
          throw new Refused(
              "REINDEX ... CONCURRENTLY skips invalid indexes, so "
                  + String.join(", ", skipped)
                  + " would stay invalid. Rebuild "
                  + them
                  + " (REINDEX INDEX CONCURRENTLY "
                  + skipped.get(0)
                  + ";) or drop "
                  + them
                  + " (DROP INDEX CONCURRENTLY "
                  + skipped.get(0)
                  + ";), then run migrate again.");
        }
      }
    }
  }

  /** An invalid index with the name a CREATE INDEX gives, in its table's schema. */
  private List<Index> namedIndex(CreateIndex create) throws SQLException {
    return indexes(
        "",
        "NOT x.indisvalid AND c.relname = (parse_ident(?))[1]"
            + " AND c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = to_regclass(?))",
        List.of(create.index().orElseThrow(), create.table()));
  }

  /** Every index of a table. */
  private List<Index> indexesOf(String table) throws SQLException {
    return indexes("", "x.indrelid = to_regclass(?)", List.of(table));
  }

  /**
   * The invalid indexes of the tables a REINDEX covers, and of their TOAST tables. REINDEX INDEX
   * rebuilds its index even when it is invalid, so there only its transient copies count.
   */
  private List<Index> inScope(Reindex reindex) throws SQLException {
    String scope =
        switch (reindex.scope()) {
          case INDEX -> "SELECT indrelid FROM pg_index WHERE indexrelid = to_regclass(?)";
          // pg_partition_tree() finds nothing for a table that is not partitioned.
          case TABLE ->
              "SELECT p.relid::oid FROM (SELECT to_regclass(?) AS t) r CROSS JOIN LATERAL"
                  + " (SELECT r.t AS relid UNION SELECT relid FROM pg_partition_tree(r.t)) p";
          case SCHEMA -> "SELECT oid FROM pg_class WHERE relnamespace = to_regnamespace(?)";
          case DATABASE ->
              "SELECT oid FROM pg_class WHERE relnamespace NOT IN"
                  + " ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)";
        };
    List<Index> found =
        indexes(
            "WITH scope(oid) AS (" + scope + ") ",
            "NOT x.indisvalid AND x.indrelid IN (SELECT s.oid FROM scope s"
                + " UNION SELECT t.reltoastrelid FROM pg_class t JOIN scope s ON s.oid = t.oid)",
            reindex.target().stream().toList());
    return reindex.scope() == ReindexScope.INDEX
        ? found.stream().filter(Index::transientName).toList()
        : found;
  }

  private List<Index> indexes(String with, String condition, List<String> parameters)
      throws SQLException {
    List<Index> found = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(with + INDEXES + condition)) {
      for (int i = 0; i < parameters.size(); i++) {
        query.setString(i + 1, parameters.get(i));
      }
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          found.add(
              new Index(
                  result.getLong(1),
                  result.getString(2),
                  result.getBoolean(3),
                  result.getLong(4),
                  result.getString(5),
                  result.getBoolean(6),
                  (Integer) result.getObject(7),
                  result.getString(8)));
        }
      }
    }
    return found;
  }

  private long tableOid(String table) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT coalesce(to_regclass(?)::oid::bigint, 0)")) {
      query.setString(1, table);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  private boolean detachPending(DetachPartition detach) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT EXISTS (SELECT FROM pg_inherits WHERE inhdetachpending"
                + " AND inhrelid = to_regclass(?) AND inhparent = to_regclass(?))")) {
      query.setString(1, detach.partition());
      query.setString(2, detach.table());
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    }
  }

  private static String finalizeSql(DetachPartition detach) {
    return "ALTER TABLE "
        + detach.table()
        + " DETACH PARTITION "
        + detach.partition()
        + " FINALIZE";
  }

  private void drop(Index index) throws SQLException {
    execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.name());
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setEscapeProcessing(false);
      statement.execute(sql);
    }
  }
}
