package io.github.pgkeeper.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.sql.ConcurrentDdl.CreateIndex;
import io.github.pgkeeper.core.sql.ConcurrentDdl.DetachPartition;
import io.github.pgkeeper.core.sql.ConcurrentDdl.Reindex;
import io.github.pgkeeper.core.sql.ConcurrentDdl.ReindexScope;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements leave something behind when interrupted, and the names they act on. */
class ConcurrentDdlTest {
  private static Optional<ConcurrentDdl> of(String sql) {
    return ConcurrentDdl.of(SqlScript.parse(sql).statements().get(0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CREATE INDEX CONCURRENTLY i ON t (a)|i|t",
        "create unique index concurrently if not exists \"Odd Idx\" on only s.\"T\" (a)|\"Odd Idx\"|s.\"T\"",
        "CREATE INDEX CONCURRENTLY /* why */ i_x ON public . t USING btree (a)|i_x|public . t",
      })
  void namedIndexBuilds(String sql, String index, String table) {
    assertEquals(Optional.of(new CreateIndex(Optional.of(index), table)), of(sql));
  }

  @Test
  void anUnnamedIndexBuildNamesOnlyItsTable() {
    assertEquals(
        Optional.of(new CreateIndex(Optional.empty(), "app.items")),
        of("CREATE INDEX CONCURRENTLY ON app.items (sku)"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "REINDEX INDEX CONCURRENTLY i|INDEX|i",
        "REINDEX (VERBOSE) TABLE CONCURRENTLY s.t|TABLE|s.t",
        "REINDEX (CONCURRENTLY, VERBOSE) SCHEMA app|SCHEMA|app",
      })
  void reindexes(String sql, ReindexScope scope, String target) {
    assertEquals(Optional.of(new Reindex(scope, Optional.of(target))), of(sql));
  }

  @Test
  void aDatabaseReindexCoversTheCurrentDatabase() {
    assertEquals(
        Optional.of(new Reindex(ReindexScope.DATABASE, Optional.empty())),
        of("REINDEX DATABASE CONCURRENTLY app_db"));
  }

  @Test
  void concurrentDetaches() {
    assertEquals(
        Optional.of(new DetachPartition("events", "p1")),
        of("ALTER TABLE events DETACH PARTITION p1 CONCURRENTLY"));
    assertEquals(
        Optional.of(new DetachPartition("s.p", "s.\"P 2\"")),
        of("ALTER TABLE IF EXISTS ONLY s.p DETACH PARTITION s.\"P 2\" CONCURRENTLY"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "CREATE INDEX i ON t (a)",
        "DROP INDEX CONCURRENTLY i",
        "REINDEX TABLE t",
        "REINDEX (CONCURRENTLY false) TABLE t",
        "REINDEX SYSTEM app_db",
        "ALTER TABLE p DETACH PARTITION p1",
        "ALTER TABLE p DETACH PARTITION p1 FINALIZE",
        "CREATE INDEX CONCURRENTLY U&\"i\" ON t (a)",
        "SELECT 'CREATE INDEX CONCURRENTLY i ON t (a)'",
      })
  void statementsThatLeaveNothingBehindOrAreNotUnderstood(String sql) {
    assertEquals(Optional.empty(), of(sql));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SET search_path = app|true",
        "set role app_owner|true",
        "SET SESSION AUTHORIZATION app|true",
        "RESET ROLE|true",
        "SELECT pg_catalog.set_config('search_path', '', false)|true",
        "SELECT set_config('x.y', 'z', false)|true",
        "SET LOCAL search_path = app|false",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE|false",
        "SET CONSTRAINTS ALL DEFERRED|false",
        "SELECT set_config('x.y', 'z', false), pg_sleep(1)|false",
        "SELECT 1|false",
        "CREATE INDEX CONCURRENTLY i ON t (a)|false",
      })
  void sessionSettingsAreReplayedOnResume(String sql, boolean replayed) {
    assertEquals(
        replayed, SessionSetting.onlySetsSession(SqlScript.parse(sql).statements().get(0)));
  }
}
