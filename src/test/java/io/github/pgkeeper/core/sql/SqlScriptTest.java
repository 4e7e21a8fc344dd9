package io.github.pgkeeper.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlScriptTest {

  private static List<String> texts(String sql) {
    return SqlScript.parse(sql).statements().stream().map(SqlStatement::text).toList();
  }

  private static SqlStatement only(String sql) {
    List<SqlStatement> statements = SqlScript.parse(sql).statements();
    assertEquals(1, statements.size(), () -> "statements: " + statements);
    return statements.get(0);
  }

  @Nested
  class Splitting {
    @Test
    void splitsAtSemicolonsAndDropsThem() {
      assertEquals(
          List.of("CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1"),
          texts("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n  SELECT 1;\n"));
    }

    @Test
    void statementKeepsItsInnerWhitespaceAndNewlines() {
      assertEquals(
          List.of("SELECT a,\n       b\n  FROM t"), texts("SELECT a,\n       b\n  FROM t;"));
    }

    @Test
    void startLineColumnAndOffsetOfEachStatement() {
      String sql = "SELECT 1;  SELECT 2;\n\n   SELECT\n3;";
      List<SqlStatement> statements = SqlScript.parse(sql).statements();
      assertEquals(3, statements.size());
      assertEquals(1, statements.get(0).line());
      assertEquals(1, statements.get(0).column());
      assertEquals(0, statements.get(0).offset());
      assertEquals(1, statements.get(1).line());
      assertEquals(12, statements.get(1).column());
      assertEquals(11, statements.get(1).offset());
      assertEquals(3, statements.get(2).line());
      assertEquals(4, statements.get(2).column());
      assertEquals("SELECT\n3", statements.get(2).text());
      assertEquals(
          statements.get(2).text(),
          sql.substring(
              statements.get(2).offset(),
              statements.get(2).offset() + statements.get(2).text().length()));
    }

    @Test
    void statementAfterAMultiLineComment() {
      String sql = "SELECT 1;\n/* a header\n   spanning\n   lines */  CREATE TABLE t (id int);";
      List<SqlStatement> statements = SqlScript.parse(sql).statements();
      assertEquals(2, statements.size());
      SqlStatement create = statements.get(1);
      assertEquals("CREATE TABLE t (id int)", create.text(), "leading comments are not text");
      assertEquals(4, create.line());
      assertEquals(14, create.column());
      assertEquals(TokenType.BLOCK_COMMENT, create.tokens().get(0).type(), "but they are tokens");
    }

    @Test
    void statementAfterAMultiLineString() {
      String sql = "INSERT INTO t VALUES ('a;\nb;\nc');\n  SELECT 2;";
      List<SqlStatement> statements = SqlScript.parse(sql).statements();
      assertEquals(2, statements.size());
      assertEquals("INSERT INTO t VALUES ('a;\nb;\nc')", statements.get(0).text());
      assertEquals(4, statements.get(1).line());
      assertEquals(3, statements.get(1).column());
    }

    @Test
    void statementAfterAMultiLineDollarQuote() {
      String sql = "DO $$\nBEGIN\n  NULL;\nEND\n$$;\nSELECT 2;";
      List<SqlStatement> statements = SqlScript.parse(sql).statements();
      assertEquals(2, statements.size());
      assertEquals(6, statements.get(1).line());
      assertEquals(1, statements.get(1).column());
    }

    @Test
    void trailingCommentIsNotPartOfTheText() {
      SqlStatement statement = only("SELECT 1 -- the answer\n;");
      assertEquals("SELECT 1", statement.text());
      assertTrue(statement.tokens().stream().anyMatch(t -> t.type() == TokenType.LINE_COMMENT));
    }

    @Test
    void commentInTheMiddleStaysInTheText() {
      assertEquals(List.of("SELECT /* c; */ 1"), texts("SELECT /* c; */ 1;"));
    }

    @Test
    void lastStatementWithoutSemicolon() {
      assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1;\nSELECT 2\n-- done\n"));
    }

    @Test
    void fileWithOnlyCommentsHasNoStatements() {
      SqlScript script = SqlScript.parse("-- nothing here\n/* really /* nothing */ */\n-- end");
      assertEquals(List.of(), script.statements());
      assertFalse(script.wrappedInTransaction());
      assertEquals(List.of(), script.body());
    }

    @Test
    void commentBetweenSemicolonsIsNotAStatement() {
      assertEquals(List.of("SELECT 1", "SELECT 2"), texts("SELECT 1;\n-- between\n;SELECT 2;"));
    }

    @Test
    void emptyAndBlankFilesHaveNoStatements() {
      assertEquals(List.of(), SqlScript.parse("").statements());
      assertEquals(List.of(), SqlScript.parse(" \n\t\n").statements());
      assertEquals(List.of(), SqlScript.parse(";;\n;").statements());
    }

    @Test
    void semicolonsInsideStringsIdentifiersCommentsAndDollarQuotesDoNotSplit() {
      String sql =
          "SELECT 'a;b', E'c\\';d', \"e;f\", $$g;h$$, $t$i;$$;j$t$ /* k; */ -- l;\n FROM t;"
              + " SELECT 2;";
      List<String> texts = texts(sql);
      assertEquals(2, texts.size(), texts::toString);
      assertEquals("SELECT 2", texts.get(1));
      assertTrue(texts.get(0).endsWith("FROM t"), texts.get(0));
    }

    @Test
    void semicolonsInsideParenthesesDoNotSplit() {
      String sql =
          "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b"
              + " VALUES (2));\nSELECT 3;";
      assertEquals(
          List.of(
              "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b"
                  + " VALUES (2))",
              "SELECT 3"),
          texts(sql));
    }

    @Test
    void strayClosingParenthesisDoesNotSwallowTheRestOfTheFile() {
      assertEquals(List.of("SELECT 1)", "SELECT 2"), texts("SELECT 1);SELECT 2;"));
    }

    @Test
    void dollarParametersAndDollarIdentifiersAreNotQuotes() {
      assertEquals(
          List.of("PREPARE q(int) AS SELECT $1", "SELECT a$b FROM t$1"),
          texts("PREPARE q(int) AS SELECT $1;SELECT a$b FROM t$1;"));
    }

    @Test
    void statementTokensAreThoseOfTheStatementOnly() {
      String sql = "SELECT 1; -- note\nSELECT 2, 3;";
      List<SqlStatement> statements = SqlScript.parse(sql).statements();
      assertEquals(2, statements.get(0).tokens().size());
      List<TokenType> second = statements.get(1).tokens().stream().map(Token::type).toList();
      assertEquals(
          List.of(
              TokenType.LINE_COMMENT,
              TokenType.WORD,
              TokenType.NUMBER,
              TokenType.SYMBOL,
              TokenType.NUMBER),
          second);
    }

    @Test
    void lexicalErrorsPropagate() {
      SqlSyntaxException e =
          assertThrows(SqlSyntaxException.class, () -> SqlScript.parse("SELECT 1;\nSELECT 'x"));
      assertEquals(2, e.line());
      assertEquals(8, e.column());
    }

    @Test
    void statementListIsImmutable() {
      SqlScript script = SqlScript.parse("SELECT 1;");
      assertThrows(
          UnsupportedOperationException.class, () -> script.statements().add(script.body().get(0)));
    }
  }

  @Nested
  class RoutineBodies {
    @Test
    void doBlockIsOneStatement() {
      String sql = "DO $$\nBEGIN\n  IF true THEN\n    COMMIT;\n  END IF;\nEND\n$$;\nSELECT 1;";
      List<SqlStatement> statements = SqlScript.parse(sql).statements();
      assertEquals(2, statements.size());
      assertTrue(statements.get(0).text().startsWith("DO $$"));
      assertTrue(statements.get(0).text().endsWith("$$"));
      assertFalse(SqlScript.isTransactionControl(statements.get(0)));
    }

    @Test
    void dollarQuotedFunctionBodyWithNestedEmptyTagQuote() {
      String sql =
          "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$\n"
              + "BEGIN\n"
              + "  EXECUTE $$SELECT 1; SELECT 2$$;\n"
              + "END;\n"
              + "$fn$;\n"
              + "SELECT f();";
      List<String> texts = texts(sql);
      assertEquals(2, texts.size(), texts::toString);
      assertTrue(texts.get(0).endsWith("END;\n$fn$"), texts.get(0));
      assertEquals("SELECT f()", texts.get(1));
    }

    @Test
    void beginAtomicFunctionBody() {
      String body =
          "CREATE FUNCTION add_two(a int) RETURNS int\n"
              + "LANGUAGE SQL\n"
              + "BEGIN ATOMIC\n"
              + "  SELECT a + 1;\n"
              + "  SELECT a + 2;\n"
              + "END";
      List<SqlStatement> statements = SqlScript.parse(body + ";\nSELECT add_two(1);").statements();
      assertEquals(2, statements.size());
      assertEquals(body, statements.get(0).text());
      assertEquals("SELECT add_two(1)", statements.get(1).text());
      assertEquals(7, statements.get(1).line());
    }

    @Test
    void beginAtomicWithCaseExpressionsInside() {
      String body =
          "create function sign_of(x int) returns text language sql\n"
              + "begin atomic\n"
              + "  select case when x > 0 then 'pos' when x < 0 then 'neg' else 'zero' end;\n"
              + "  select case x when 0 then 'zero' end;\n"
              + "end";
      assertEquals(List.of(body, "SELECT 1"), texts(body + ";\nSELECT 1;"));
    }

    @Test
    void createOrReplaceProcedureWithBeginAtomic() {
      String body =
          "CREATE OR REPLACE PROCEDURE insert_data(a integer, b integer)\n"
              + "LANGUAGE SQL\n"
              + "BEGIN ATOMIC\n"
              + "  INSERT INTO tbl VALUES (a);\n"
              + "  INSERT INTO tbl VALUES (b);\n"
              + "END";
      List<SqlStatement> statements =
          SqlScript.parse(body + ";\nCALL insert_data(1, 2);").statements();
      assertEquals(2, statements.size());
      assertEquals(body, statements.get(0).text());
      assertEquals("CALL insert_data(1, 2)", statements.get(1).text());
      assertFalse(SqlScript.isTransactionControl(statements.get(0)));
    }

    @Test
    void commentsInsideTheRoutineHeaderDoNotHideIt() {
      String body =
          "CREATE /* c */ OR REPLACE -- d\n FUNCTION f() RETURNS int LANGUAGE sql\n"
              + "BEGIN ATOMIC SELECT 1; END";
      assertEquals(List.of(body, "SELECT 2"), texts(body + ";SELECT 2;"));
    }

    @Test
    void caseOutsideARoutineDoesNotOpenABlock() {
      assertEquals(
          List.of("SELECT CASE WHEN true THEN 1 END", "SELECT 2"),
          texts("SELECT CASE WHEN true THEN 1 END;SELECT 2;"));
    }

    @Test
    void beginOutsideARoutineIsAStatementOfItsOwn() {
      assertEquals(List.of("BEGIN", "SELECT 1", "END"), texts("BEGIN;\nSELECT 1;\nEND;"));
    }

    @Test
    void createTableAfterARoutineIsSplitNormally() {
      String sql =
          "CREATE FUNCTION one() RETURNS int LANGUAGE sql RETURN 1;\n"
              + "CREATE TABLE begin_end (id int);\n"
              + "INSERT INTO begin_end VALUES (1);";
      assertEquals(3, texts(sql).size());
    }
  }

  @Nested
  class Transactions {
    @Test
    void beginCommitWrapperIsDetectedAndDroppedFromTheBody() {
      SqlScript script =
          SqlScript.parse("BEGIN;\nCREATE TABLE a (id int);\nCREATE TABLE b (id int);\nCOMMIT;\n");
      assertTrue(script.wrappedInTransaction());
      assertEquals(4, script.statements().size());
      assertEquals(
          List.of("CREATE TABLE a (id int)", "CREATE TABLE b (id int)"),
          script.body().stream().map(SqlStatement::text).toList());
    }

    @Test
    void startTransactionEndWrapper() {
      SqlScript script = SqlScript.parse("start transaction;\nselect 1;\nend;");
      assertTrue(script.wrappedInTransaction());
      assertEquals(List.of("select 1"), script.body().stream().map(SqlStatement::text).toList());
    }

    @Test
    void wrapperWithOptionsAndLeadingComments() {
      SqlScript script =
          SqlScript.parse(
              "-- migration\nBEGIN ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;\nCOMMIT WORK; -- bye");
      assertTrue(script.wrappedInTransaction());
      assertEquals(1, script.body().size());
    }

    @Test
    void emptyWrapperHasAnEmptyBody() {
      SqlScript script = SqlScript.parse("BEGIN; COMMIT;");
      assertTrue(script.wrappedInTransaction());
      assertEquals(List.of(), script.body());
    }

    @Test
    void commitInTheMiddleIsNotAWrapper() {
      SqlScript script = SqlScript.parse("BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;");
      assertFalse(script.wrappedInTransaction());
      assertEquals(6, script.body().size());
      assertSame(script.statements(), script.body());
    }

    @Test
    void commitFollowedByMoreStatementsIsNotAWrapper() {
      assertFalse(SqlScript.parse("BEGIN;\nSELECT 1;\nCOMMIT;\nSELECT 2;").wrappedInTransaction());
    }

    @Test
    void rollbackInTheMiddleIsNotAWrapper() {
      assertFalse(SqlScript.parse("BEGIN;\nSELECT 1;\nROLLBACK;\nCOMMIT;").wrappedInTransaction());
    }

    @Test
    void beginWithoutCommitIsNotAWrapper() {
      SqlScript script = SqlScript.parse("BEGIN;\nSELECT 1;\nSELECT 2;");
      assertFalse(script.wrappedInTransaction());
      assertEquals(3, script.body().size());
    }

    @Test
    void noTransactionStatementsAtAll() {
      SqlScript script = SqlScript.parse("SELECT 1;\nSELECT 2;");
      assertFalse(script.wrappedInTransaction());
      assertEquals(2, script.body().size());
    }

    @Test
    void lonelyBeginOrCommitIsNotAWrapper() {
      assertFalse(SqlScript.parse("BEGIN;").wrappedInTransaction());
      assertFalse(SqlScript.parse("COMMIT;").wrappedInTransaction());
      assertFalse(SqlScript.parse("SELECT 1;\nCOMMIT;").wrappedInTransaction());
    }

    @Test
    void commitPreparedDoesNotCloseTheWrapper() {
      assertFalse(
          SqlScript.parse("BEGIN;\nSELECT 1;\nCOMMIT PREPARED 'x';").wrappedInTransaction());
    }

    @Test
    void savepointsInsideTheWrapperAreFine() {
      SqlScript script =
          SqlScript.parse(
              "BEGIN;\nSAVEPOINT s;\nSELECT 1;\nROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;\n"
                  + "COMMIT;");
      assertTrue(script.wrappedInTransaction());
      assertEquals(4, script.body().size());
    }

    @Test
    void routineBodyWithBeginAndEndInsideTheWrapper() {
      SqlScript script =
          SqlScript.parse(
              "BEGIN;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
                  + "END;\nCOMMIT;");
      assertTrue(script.wrappedInTransaction());
      assertEquals(1, script.body().size());
      assertTrue(script.body().get(0).startsWith("CREATE", "FUNCTION"));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "BEGIN",
          "begin",
          "BEGIN TRANSACTION",
          "BEGIN WORK",
          "BEGIN ISOLATION LEVEL READ COMMITTED",
          "START TRANSACTION",
          "start transaction read only",
          "COMMIT",
          "COMMIT WORK",
          "commit and chain",
          "END",
          "END TRANSACTION",
          "ROLLBACK",
          "ROLLBACK WORK",
          "ROLLBACK TRANSACTION",
          "ROLLBACK AND NO CHAIN",
          "ABORT",
          "abort work",
          "/* why */ -- not\n COMMIT"
        })
    void transactionControl(String sql) {
      assertTrue(SqlScript.isTransactionControl(only(sql)), sql);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "ROLLBACK TO SAVEPOINT x",
          "ROLLBACK TO x",
          "rollback work to savepoint x",
          "ROLLBACK TRANSACTION TO x",
          "ROLLBACK PREPARED 'gid'",
          "COMMIT PREPARED 'gid'",
          "SAVEPOINT x",
          "RELEASE SAVEPOINT x",
          "START",
          "START SOMETHING",
          "SELECT 'BEGIN'",
          "\"BEGIN\"",
          "CREATE TABLE commit_log (id int)",
          "DO $$ BEGIN COMMIT; END $$",
          "$1",
          "(SELECT 1)"
        })
    void notTransactionControl(String sql) {
      assertFalse(SqlScript.isTransactionControl(only(sql)), sql);
    }

    @Test
    void beginAtomicAloneIsNotATransactionStart() {
      // Only reachable as a stray statement, e.g. after a body the splitter did not recognise.
      SqlStatement statement = only("BEGIN ATOMIC");
      assertFalse(SqlScript.isTransactionStart(statement));
      assertFalse(SqlScript.isTransactionControl(statement));
    }

    @Test
    void statementsInsideADoBlockAreNotSeenAsTransactionControl() {
      SqlScript script =
          SqlScript.parse("BEGIN;\nDO $$\nBEGIN\n  ROLLBACK;\n  COMMIT;\nEND\n$$;\nCOMMIT;");
      assertEquals(3, script.statements().size());
      assertTrue(script.wrappedInTransaction());
      assertFalse(SqlScript.isTransactionControl(script.body().get(0)));
    }

    @Test
    void startAndEndPredicatesAreSeparate() {
      SqlStatement begin = only("BEGIN");
      SqlStatement commit = only("COMMIT");
      SqlStatement rollback = only("ROLLBACK");
      assertTrue(SqlScript.isTransactionStart(begin));
      assertFalse(SqlScript.isTransactionEnd(begin));
      assertTrue(SqlScript.isTransactionEnd(commit));
      assertFalse(SqlScript.isTransactionStart(commit));
      assertFalse(SqlScript.isTransactionStart(rollback));
      assertFalse(SqlScript.isTransactionEnd(rollback));
    }
  }

  @Nested
  class Statements {
    @Test
    void leadingWordsSkipCommentsAndUpperCase() {
      SqlStatement statement = only("/* a */ -- b\ncreate or replace view v as select 1");
      assertEquals(List.of("CREATE", "OR", "REPLACE"), statement.leadingWords(3));
      assertEquals(List.of("CREATE"), statement.leadingWords(1));
      assertEquals(List.of(), statement.leadingWords(0));
      assertTrue(statement.startsWith("CREATE", "OR"));
      assertFalse(statement.startsWith("CREATE", "VIEW"));
    }

    @Test
    void leadingWordsStopAtTheFirstNonWord() {
      SqlStatement statement = only("SELECT 1, two");
      assertEquals(List.of("SELECT"), statement.leadingWords(3));
      assertEquals(List.of(), only("(SELECT 1)").leadingWords(2));
    }

    @Test
    void leadingWordsOfAShortStatement() {
      assertEquals(List.of("VACUUM"), only("vacuum").leadingWords(5));
    }

    @Test
    void lineAtMapsAPostgresPositionToAScriptLine() {
      String sql = "SELECT 1;\n\nSELECT a,\n       b\n  FROM nowhere;";
      SqlStatement statement = SqlScript.parse(sql).statements().get(1);
      assertEquals(3, statement.line());
      String text = statement.text();
      int nowhere = text.indexOf("nowhere") + 1; // PostgreSQL positions are 1-based
      assertEquals(5, statement.lineAt(nowhere));
      assertEquals(4, statement.lineAt(text.indexOf('b') + 1));
      assertEquals(3, statement.lineAt(1));
      assertEquals(3, statement.lineAt(text.indexOf('\n') + 1), "the newline ends its own line");
      assertEquals(4, statement.lineAt(text.indexOf('\n') + 2), "the next character is below");
    }

    @Test
    void lineAtClampsOutOfRangePositions() {
      SqlStatement statement = SqlScript.parse("\n\nSELECT\n1\n").statements().get(0);
      assertEquals(3, statement.lineAt(0));
      assertEquals(3, statement.lineAt(-5));
      assertEquals(4, statement.lineAt(1000));
    }
  }

  @Test
  void wordsInParenthesesDoNotOpenARoutineBlock() {
    SqlScript script =
        SqlScript.parse(
            "CREATE FUNCTION f(begin int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nSELECT 2;");
    assertEquals(2, script.statements().size());
  }

  @Test
  void prepareTransactionIsTransactionControlButPrepareIsNot() {
    assertTrue(
        SqlScript.isTransactionControl(
            SqlScript.parse("PREPARE TRANSACTION 'x'").statements().get(0)));
    assertFalse(
        SqlScript.isTransactionControl(
            SqlScript.parse("PREPARE q AS SELECT 1").statements().get(0)));
  }
}
