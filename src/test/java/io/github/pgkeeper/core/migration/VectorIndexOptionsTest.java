package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import org.junit.jupiter.api.Test;

/** Which clause the runner leaves out on the pgvector stand-in, and that nothing else moves. */
class VectorIndexOptionsTest {
  private static SqlStatement second(String sql) {
    return SqlScript.parse(sql).statements().get(1);
  }

  @Test
  void theWithClauseOfAnHnswOrIvfflatIndexIsBlankedKeepingPositions() {
    SqlStatement statement =
        second(
            "select 1;\ncreate index on docs using ivfflat (embedding vector_cosine_ops)\n"
                + "  with (lists = 100) where (id > 0)");

    VectorIndexOptions.Adjusted adjusted = VectorIndexOptions.adjust(statement);

    assertEquals("with (lists = 100)", adjusted.leftOut());
    String text = adjusted.statement().text();
    assertEquals(statement.text().length(), text.length());
    assertEquals(
        "create index on docs using ivfflat (embedding vector_cosine_ops)\n"
            + "                     where (id > 0)",
        text);
    assertEquals(statement.line(), adjusted.statement().line());
  }

  @Test
  void otherIndexesAndStatementsAreLeftAsWritten() {
    for (String sql :
        new String[] {
          "select 1;\ncreate index on docs using btree (id) with (fillfactor = 70)",
          "select 1;\ncreate index on docs using hnsw (embedding vector_l2_ops)",
          "select 1;\nselect 'using hnsw (x) with (m = 1)'",
          "select 1;\n-- using hnsw (x) with (m = 1)\ncreate table t (id int)",
        }) {
      SqlStatement statement = second(sql);
      VectorIndexOptions.Adjusted adjusted = VectorIndexOptions.adjust(statement);
      assertNull(adjusted.leftOut(), sql);
      assertSame(statement, adjusted.statement(), sql);
    }
  }

  @Test
  void aUniqueIndexWithAQuotedMethodAndExpressionColumnsIsCovered() {
    SqlStatement statement =
        second(
            "select 1;\nCREATE UNIQUE INDEX i ON docs USING \"hnsw\" ((embedding::vector(3)))"
                + " WITH (m = 16, ef_construction = 64)");

    assertEquals(
        "WITH (m = 16, ef_construction = 64)", VectorIndexOptions.adjust(statement).leftOut());
  }
}
