package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which tables a restore empties with TRUNCATE: not those its own transaction created and left
 * empty (a rebuilt schema's), which {@code COPY … FREEZE} loads as they are; every other one
 * (TRUNCATE gives a table that existed before a new file: a new relfilenode). Either way the rows
 * are loaded frozen.
 */
class RestoreTruncateTest extends RestoreTestCase {
  private static final List<String> TABLES =
      List.of("users", "teams", "members", "samples", "\"Odd \"\"Name\"\";Table\"");

  @Test
  void tablesTheRestoreCreatedAreLoadedFrozenWithoutTruncate() {
    Path archive = backup(source);
    Map<String, String> expected = DatabaseSnapshot.of(source);
    ConnectionConfig fresh = ownedDatabase();

    restore(restoreConfig(fresh, archive));

    assertEquals(expected, DatabaseSnapshot.of(fresh), "rows, sequences, history, catalog");
    assertAllFrozen(fresh);
    assertTrue(
        log.debugs()
            .contains(
                "TRUNCATE of 0 of the 5 table(s): the others were created empty in"
                    + " this transaction"),
        log.all());
  }

  @Test
  void tablesTheRebuildFilledAreEmptiedAndAKeptForeignKeyEmptiesItsTableAlong() throws Exception {
    // A migration that seeds a row: the rebuilt teams holds it before the load.
    Files.writeString(
        migrations.resolve("003_seed.sql"), "INSERT INTO teams (name) VALUES ('seeded');\n");
    migrate(source, migrations);
    Path archive = backup(source);
    Map<String, String> expected = rows(source);
    ConnectionConfig fresh = ownedDatabase();

    // replicaRole keeps the foreign keys in place: members references teams, so TRUNCATE teams
    // needs members in the same statement.
    restore(
        restoreConfig(asSuperuser(fresh), archive)
            .withSchemaFrom(RestoreConfig.SchemaSource.MIGRATIONS)
            .withReplicaRole(true));

    assertEquals(expected, rows(fresh), "the seeded row replaced by the archive's");
    // teams for its row, members for its foreign key into teams; the others are loaded as created.
    assertTrue(
        log.debugs()
            .contains(
                "TRUNCATE of 2 of the 5 table(s): the others were created empty in"
                    + " this transaction"),
        log.all());
    assertAllFrozen(fresh);
  }

  @Test
  void cleanEmptiesEveryTableThatExistedBeforeEvenAnEmptyOne() {
    Path archive = backup(source);
    Map<String, String> original = DatabaseSnapshot.of(source);
    change(source);
    // Empty, without a page, but not created by the restore: COPY … FREEZE needs the TRUNCATE.
    Sql.execute(source, "TRUNCATE \"Odd \"\"Name\"\";Table\"");
    Map<String, String> files = relfilenodes(source);

    restore(restoreConfig(source, archive).withClean(true));

    assertEquals(original, DatabaseSnapshot.of(source));
    Map<String, String> after = relfilenodes(source);
    for (String table : TABLES) {
      assertTrue(!files.get(table).equals(after.get(table)), table + " was not truncated");
    }
    assertAllFrozen(source);
  }

  /** Every table's rows, as text in a stable order, read as the superuser. */
  private static Map<String, String> rows(ConnectionConfig database) {
    Map<String, String> rows = new java.util.HashMap<>();
    for (String table : TABLES) {
      rows.put(
          table,
          Sql.value(
              asSuperuser(database),
              "SELECT count(*) || ' ' || md5(string_agg(t::text, ',' ORDER BY t::text)) FROM public."
                  + table
                  + " t"));
    }
    return rows;
  }

  private static Map<String, String> relfilenodes(ConnectionConfig database) {
    Map<String, String> files = new java.util.HashMap<>();
    for (String table : TABLES) {
      files.put(
          table,
          Sql.value(
              database,
              "SELECT relfilenode FROM pg_class WHERE oid = 'public." + table + "'::regclass"));
    }
    return files;
  }

  /**
   * Every row of every restored table was written frozen (HEAP_XMIN_FROZEN in its header, read with
   * pageinspect): COPY … FREEZE applied. The visibility map is not asked: COPY inserts row by row
   * into a table with a generated column, which freezes the rows but leaves the map to VACUUM.
   */
  private static void assertAllFrozen(ConnectionConfig database) {
    ConnectionConfig admin = asSuperuser(database);
    Sql.execute(admin, "CREATE EXTENSION IF NOT EXISTS pageinspect");
    for (String table : TABLES) {
      String name = "public." + table.replace("'", "''");
      String rows =
          "FROM generate_series(0, pg_relation_size('"
              + name
              + "') / current_setting('block_size')::int - 1) AS b,"
              + " heap_page_items(get_raw_page('"
              + name
              + "', b::int)) AS h WHERE h.t_infomask IS NOT NULL";
      assertEquals(
          "0",
          Sql.value(admin, "SELECT count(*) " + rows + " AND h.t_infomask & 768 <> 768"),
          table);
      assertEquals(
          Sql.value(admin, "SELECT count(*) FROM " + name),
          Sql.value(admin, "SELECT count(*) " + rows),
          table + ": every row looked at");
    }
  }
}
