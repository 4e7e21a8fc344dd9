package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each command that gives a table a new relation file is seen from an older snapshot. */
class RewriteCheckTest {
  ConnectionConfig database;

  @BeforeEach
  void setUp() {
    database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        "CREATE TABLE acct (id int PRIMARY KEY, n int);"
            + "INSERT INTO acct SELECT g, g FROM generate_series(1, 100) g;"
            + "CREATE TABLE calm (id int);"
            + "CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);"
            + "CREATE TABLE events_2024 PARTITION OF events"
            + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TRUNCATE acct",
        "ALTER TABLE acct ALTER COLUMN n TYPE bigint",
        "ALTER TABLE acct ADD COLUMN at timestamptz DEFAULT clock_timestamp()",
        "CLUSTER acct USING acct_pkey",
        "VACUUM FULL acct",
        "ALTER TABLE acct SET UNLOGGED",
      })
  void aRewriteCommittedAfterTheSnapshotIsFound(String rewrite) throws Exception {
    assertEquals(List.of("public.acct (rewritten)"), changedAfter(rewrite));
  }

  @Test
  void aRewrittenPartitionIsFoundThroughItsPartitionedTable() throws Exception {
    assertEquals(List.of("public.events_2024 (rewritten)"), changedAfter("TRUNCATE events_2024"));
  }

  @Test
  void aPartitionAttachedOrDetachedAfterTheSnapshotIsFound() throws Exception {
    assertEquals(
        List.of("public.events (partitions attached or detached)"),
        changedAfter(
            "CREATE TABLE events_2025 PARTITION OF events"
                + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"));
    assertEquals(
        List.of("public.events (partitions attached or detached)"),
        changedAfter("ALTER TABLE events DETACH PARTITION events_2024"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "INSERT INTO acct VALUES (1000, 1); DELETE FROM acct WHERE id < 10; UPDATE acct SET n = 0",
        "VACUUM acct",
        "ANALYZE acct",
        "ALTER TABLE acct ADD COLUMN note text DEFAULT 'x'",
        "CREATE INDEX ON acct (n)",
      })
  void writesThatRewriteNothingAreNotChanges(String sql) throws Exception {
    assertEquals(List.of(), changedAfter(sql));
  }

  /** Takes a snapshot, lets {@code sql} commit in another session, then checks. */
  private List<String> changedAfter(String sql) throws Exception {
    try (Connection snapshot = Connections.open(database)) {
      snapshot.setAutoCommit(false);
      try (Statement statement = snapshot.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        statement.execute("SELECT 1");
      }
      Sql.execute(database, sql);
      return RewriteCheck.changedSince(
          snapshot, List.of(table("acct"), table("calm"), table("events")));
    }
  }

  private static TableInfo table(String name) {
    return new TableInfo(
        "0001-public." + name,
        "public",
        name,
        name.equals("events") ? TableInfo.KIND_PARTITIONED : TableInfo.KIND_TABLE,
        false,
        List.of(),
        List.of(),
        true,
        List.of(),
        List.of(),
        0);
  }
}
