package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ANALYZE after a restore: every loaded table, in few transactions. */
class RestoreAnalyzeTest extends RestoreTestCase {

  @Test
  void manySmallTablesAreAnalyzedAHundredToATransaction() {
    Sql.execute(
        source,
        "DO $$ BEGIN FOR i IN 1..150 LOOP"
            + " EXECUTE format('CREATE TABLE small_%s (id int, name text)', i);"
            + " EXECUTE format('INSERT INTO small_%s VALUES (1, ''one''), (2, ''two'')', i);"
            + " END LOOP; END $$");
    Path archive = backup(source);
    ConnectionConfig fresh = ownedDatabase();

    restore(restoreConfig(fresh, archive));

    // Every table has statistics, written by two transactions (100 + 55 tables), not 155.
    assertEquals(
        "155 2",
        Sql.value(
            asSuperuser(fresh),
            "SELECT count(DISTINCT s.starelid) || ' ' || count(DISTINCT s.xmin::text)"
                + " FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid"
                + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
                + " AND c.relname <> 'pgkeeper_history'"));
    assertTrue(log.all().contains("Analyzed 155 table(s)"), log.all());
  }
}
