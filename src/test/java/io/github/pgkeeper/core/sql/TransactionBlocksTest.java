package io.github.pgkeeper.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.sql.TransactionBlocks.Kind;
import io.github.pgkeeper.core.sql.TransactionBlocks.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a file with BEGIN/COMMIT of its own splits into the transactions it commits. */
class TransactionBlocksTest {

  private static List<SqlStatement> statements(String sql) {
    return SqlScript.parse(sql).statements();
  }

  /** Each segment as "KIND start-end [body texts]". */
  private static List<String> describe(String sql, boolean alone) {
    return TransactionBlocks.split(statements(sql), alone).stream()
        .map(s -> s.kind() + " " + s.start() + "-" + s.end() + " " + bodies(s))
        .toList();
  }

  private static String bodies(Segment segment) {
    return segment.body().stream().map(SqlStatement::text).toList().toString();
  }

  @Test
  void blocksMidFileSeveralBlocksAndStatementsAfterACommitEachGetTheirTransaction() {
    String sql =
        "create table a (id int);\n"
            + "begin;\ninsert into a values (1);\ninsert into a values (2);\nend;\n"
            + "create table b (id int);\ncreate table c (id int);\n"
            + "BEGIN TRANSACTION;\ninsert into b values (1);\nCOMMIT WORK;\n"
            + "create table d (id int);\n";
    assertEquals(
        List.of(
            "RUN 0-1 [create table a (id int)]",
            "BLOCK 1-5 [insert into a values (1), insert into a values (2)]",
            "RUN 5-7 [create table b (id int), create table c (id int)]",
            "BLOCK 7-10 [insert into b values (1)]",
            "RUN 10-11 [create table d (id int)]"),
        describe(sql, false));
  }

  @Test
  void aCommitWithoutBeginEndsTheRunBeforeItAsTheSupabaseCliCommitsThere() {
    assertEquals(
        List.of("RUN 0-2 [SELECT 1]", "RUN 2-3 [SELECT 2]"),
        describe("SELECT 1;\nCOMMIT;\nSELECT 2;\n", false));
    // A trailing COMMIT belongs to the last segment, so its progress reaches the file's end.
    assertEquals(List.of("RUN 0-2 [SELECT 1]"), describe("SELECT 1;\nCOMMIT;\n", false));
  }

  @Test
  void withoutATransactionStatementsOutsideBlocksCommitAloneAndBlocksStayWhole() {
    assertEquals(
        List.of(
            "ALONE 0-1 [SELECT 1]",
            "BLOCK 1-5 [SELECT 2, SELECT 3]",
            "ALONE 5-6 [SELECT 4]",
            "ALONE 6-8 [SELECT 5]"),
        describe(
            "SELECT 1;\nSTART TRANSACTION;\nSELECT 2;\nSELECT 3;\nEND TRANSACTION;\n"
                + "SELECT 4;\nCOMMIT;\nSELECT 5;\n",
            true));
  }

  @Test
  void beginEndInsideFunctionBodiesDoBlocksAndCaseIsNoBlock() {
    String sql =
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$;\n"
            + "DO $do$ BEGIN PERFORM 1; END $do$;\n"
            + "CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n"
            + "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\nEND;\n"
            + "SELECT CASE WHEN true THEN 'begin' ELSE 'end' END;\n"
            + "begin;\nselect 1;\nend;\n";
    List<String> segments = describe(sql, false);
    assertEquals(2, segments.size(), segments.toString());
    assertTrue(segments.get(0).startsWith("RUN 0-4 "), segments.toString());
    assertEquals("BLOCK 4-7 [select 1]", segments.get(1));
  }

  @Test
  void commitAndChainOpensTheNextBlockAtOnce() {
    List<Segment> segments =
        TransactionBlocks.split(
            statements(
                "BEGIN ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;\nCOMMIT AND CHAIN;\n"
                    + "SELECT 2;\nCOMMIT AND NO CHAIN;\nSELECT 3;\n"),
            false);
    assertEquals(3, segments.size());
    assertEquals("BEGIN ISOLATION LEVEL SERIALIZABLE", segments.get(0).opening().text());
    assertFalse(segments.get(0).chained());
    assertTrue(segments.get(1).chained());
    assertEquals("COMMIT AND NO CHAIN", segments.get(1).closing().text());
    assertEquals(Kind.RUN, segments.get(2).kind());
  }

  /** Each case: the line the refusal names, a bar, and the script. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "3|BEGIN;\nSELECT 1;\nROLLBACK;\n",
        "2|SELECT 1;\nROLLBACK;\n",
        "3|BEGIN;\nSELECT 1;\nABORT;\n",
        "3|BEGIN;\nSELECT 1;\nPREPARE TRANSACTION 'x';\n",
        "3|BEGIN;\nSELECT 1;\nBEGIN;\nCOMMIT;\n",
        "2|SELECT 0;\nBEGIN;\nSELECT 1;\n",
        "2|SELECT 1;\nCOMMIT AND CHAIN;\n"
      })
  void whatNoSegmentCanHonourIsRefusedAtItsLine(String lineAndSql) {
    int bar = lineAndSql.indexOf('|');
    String sql = lineAndSql.substring(bar + 1);
    TransactionBlocks.UnsupportedControl refused =
        assertThrows(
            TransactionBlocks.UnsupportedControl.class,
            () -> TransactionBlocks.split(statements(sql), false));
    assertEquals(
        Integer.parseInt(lineAndSql.substring(0, bar)),
        refused.statement().line(),
        refused.getMessage());
  }

  @Test
  void savepointsAndRollbackToSavepointAreNoBoundaries() {
    assertEquals(
        List.of("BLOCK 0-5 [SAVEPOINT s, SELECT 1, ROLLBACK TO SAVEPOINT s]", "RUN 5-6 [SELECT 2]"),
        describe(
            "BEGIN;\nSAVEPOINT s;\nSELECT 1;\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\nSELECT 2;\n",
            false));
  }

  @Test
  void theFirstBoundaryIsTheMidFileCommitOrTheBeginAfterStatements() {
    List<SqlStatement> commitFirst = statements("BEGIN;\nSELECT 1;\nCOMMIT;\nSELECT 2;\n");
    assertEquals(
        3,
        TransactionBlocks.firstBoundary(commitFirst, TransactionBlocks.split(commitFirst, false))
            .line());
    List<SqlStatement> beginLater = statements("SELECT 1;\n\nBEGIN;\nSELECT 2;\nCOMMIT;\n");
    assertEquals(
        3,
        TransactionBlocks.firstBoundary(beginLater, TransactionBlocks.split(beginLater, false))
            .line());
  }
}
