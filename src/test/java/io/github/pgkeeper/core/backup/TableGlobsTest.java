package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.restore.RestoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Table patterns with SQL's double-quoted names, without a database. */
class TableGlobsTest {
  private static boolean matches(String glob, String schema, String table) {
    return new TableGlobs(List.of(glob), Setting.BACKUP_INCLUDE_TABLES).matches(schema, table);
  }

  @Test
  void unquotedPatternsMatchAsBefore() {
    assertTrue(matches("audit_*", "public", "AUDIT_log"), "case is ignored");
    assertTrue(matches("public.order?", "PUBLIC", "orders"));
    assertTrue(matches("*.tmp_*", "sales", "tmp_x"));
    assertFalse(matches("public.order?", "sales", "orders"));
    assertFalse(matches("a.b", "aXb", ""), "the dot separates, it is no wildcard");
    assertTrue(matches("public.my.table", "public", "my.table"), "any dot may be the separator");
    assertTrue(matches("public.my*", "public", "my.table"), "* takes dots too");
  }

  @Test
  void aQuotedNameIsTakenAsItIsDotsCaseAndWildcardsIncluded() {
    assertTrue(matches("\"my.table\"", "public", "my.table"));
    assertTrue(matches("\"my.table\"", "other", "my.table"), "no schema named: any schema");
    assertFalse(matches("\"my.table\"", "my", "table"), "a quoted dot never separates");
    assertFalse(matches("\"my.table\"", "public", "MY.TABLE"), "quoted: case counts");
    assertFalse(matches("\"my.table\"", "public", "my_table"));

    assertTrue(matches("public.\"my.table\"", "public", "my.table"));
    assertTrue(matches("PUBLIC.\"my.table\"", "public", "my.table"), "unquoted part: any case");
    assertFalse(matches("public.\"my.table\"", "public.my", "table"));

    assertTrue(matches("\"My Schema\".t*", "My Schema", "t.1"));
    assertFalse(matches("\"My Schema\".t*", "my schema", "t1"));
    assertTrue(matches("\"a.b\".c", "a.b", "c"));
    assertFalse(matches("\"a.b\".c", "a", "b.c"));

    assertTrue(matches("\"*\"", "public", "*"));
    assertFalse(matches("\"*\"", "public", "anything"), "quoted * is a star");
    assertTrue(matches("\"Odd \"\"Name\"\"\"*", "public", "Odd \"Name\";Table"), "\"\" is \"");
    assertTrue(matches("\"a\"b*", "public", "aBc"), "quoted and unquoted runs join");
  }

  @Test
  void anUnclosedQuoteIsRefusedNamingThePatternAndTheSetting() {
    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> new TableGlobs(List.of("ok", "public.\"my.table"), Setting.BACKUP_EXCLUDE_DATA));
    assertEquals(Optional.of(Setting.BACKUP_EXCLUDE_DATA), refused.setting());
    assertTrue(
        refused
            .getMessage()
            .startsWith("The table pattern 'public.\"my.table' has an unclosed double quote."),
        refused.getMessage());
    assertThrows(PgKeeperException.class, () -> matches("\"a\"\"", "public", "a\""));
  }

  @Test
  void backupAndRestoreRefuseAnUnreadablePatternBeforeConnecting() {
    ConnectionConfig nowhere =
        new ConnectionConfig("jdbc:postgresql://127.0.0.1:1/none", "x", null);
    BackupConfig backup = BackupConfig.of(nowhere, Path.of("backups"));
    for (Setting setting :
        List.of(
            Setting.BACKUP_INCLUDE_TABLES,
            Setting.BACKUP_EXCLUDE_TABLES,
            Setting.BACKUP_EXCLUDE_DATA)) {
      List<String> bad = List.of("\"unclosed");
      PgKeeperException refused =
          assertThrows(
              PgKeeperException.class,
              () ->
                  backup.withSelection(
                      List.of("public"),
                      setting == Setting.BACKUP_INCLUDE_TABLES ? bad : List.of(),
                      setting == Setting.BACKUP_EXCLUDE_TABLES ? bad : List.of(),
                      setting == Setting.BACKUP_EXCLUDE_DATA ? bad : List.of()));
      assertEquals(Optional.of(setting), refused.setting());
    }
    PgKeeperException restore =
        assertThrows(
            PgKeeperException.class,
            () -> RestoreConfig.of(nowhere, Path.of("a.tar")).withTables(List.of("\"x")));
    assertEquals(Optional.of(Setting.RESTORE_TABLES), restore.setting());
  }

  @Test
  void aListIsSplitAtCommasOutsideQuotes() {
    assertEquals(
        List.of("\"a,b\"", "public.\"c \"\",\"\" d\"", "e*"),
        TableGlobs.splitList(" \"a,b\", public.\"c \"\",\"\" d\" ,, e* "));
    assertEquals(List.of(), TableGlobs.splitList(null));
    assertEquals(List.of(), TableGlobs.splitList(" "));
  }
}
