package io.github.pgkeeper.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NonTransactionalTest {
  private static Optional<String> reason(String sql, int server) {
    return NonTransactional.reason(SqlScript.parse(sql).statements().get(0), server);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CREATE INDEX CONCURRENTLY i ON t (a)|CREATE INDEX CONCURRENTLY",
        "create unique index concurrently if not exists i on t (a)|CREATE INDEX CONCURRENTLY",
        "DROP INDEX CONCURRENTLY IF EXISTS i|DROP INDEX CONCURRENTLY",
        "REINDEX INDEX CONCURRENTLY i|REINDEX ... CONCURRENTLY",
        "REINDEX (VERBOSE) TABLE CONCURRENTLY t|REINDEX ... CONCURRENTLY",
        "VACUUM (ANALYZE) t|VACUUM",
        "CREATE DATABASE other|CREATE DATABASE",
        "DROP DATABASE IF EXISTS other|DROP DATABASE",
        "ALTER SYSTEM SET work_mem = '64MB'|ALTER SYSTEM",
        "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY|ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY",
      })
  void statementsThatCannotRunInATransaction(String sql, String expected) {
    assertEquals(Optional.of(expected), reason(sql, 17));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CREATE INDEX i ON t (a)",
        "CREATE INDEX concurrently_named ON t (a)",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
        "SELECT 'CREATE INDEX CONCURRENTLY i ON t (a)'",
        "CREATE TABLE database (id int)",
        "ALTER TYPE mood ADD VALUE 'happy'",
        "ANALYZE t",
      })
  void statementsThatCanRunInATransaction(String sql) {
    assertEquals(Optional.empty(), reason(sql, 17));
  }

  @ParameterizedTest
  @CsvSource({"11, true", "12, false"})
  void addingAnEnumValueNeedsNoTransactionOnlyBeforePostgres12(int server, boolean outside) {
    assertEquals(outside, reason("ALTER TYPE mood ADD VALUE 'happy'", server).isPresent());
  }
}
