package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.backup.BackupResult;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables whose names hold a dot, named in backup's and restore's table patterns with SQL's double
 * quotes, against a real PostgreSQL.
 */
class QuotedTableNamesTest {
  @TempDir Path project;
  RecordingLogger log = new RecordingLogger();

  @Test
  void quotedPatternsSelectTablesWithDotsInTheirNamesForBackupAndRestore() {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        """
        CREATE SCHEMA "My Schema";
        CREATE TABLE "my.table" (id int PRIMARY KEY, v text);
        CREATE TABLE my_table (id int);
        CREATE TABLE "My Schema"."t.x" (id int);
        CREATE TABLE "My Schema".other (id int);
        INSERT INTO "my.table" VALUES (1, 'one'), (2, 'two');
        INSERT INTO my_table VALUES (1);
        INSERT INTO "My Schema"."t.x" VALUES (7);
        INSERT INTO "My Schema".other VALUES (8);
        """);
    BackupConfig config =
        BackupConfig.of(database, project.resolve("backups"))
            .withSelection(
                List.of("public", "My Schema"),
                List.of("public.\"my.table\"", "\"My Schema\".\"t.x\"", "my_table"),
                List.of(),
                List.of("\"my_table\""));

    BackupResult backup = new Backup(config, log).run();

    assertEquals(
        List.of("My Schema.t.x", "public.my.table", "public.my_table"),
        backup.header().tables().stream().map(TableInfo::displayName).sorted().toList());
    assertFalse(
        backup.header().table("public", "my_table").orElseThrow().dataIncluded(),
        "excludeData \"my_table\"");
    assertEquals(2, backup.manifest().totals(id(backup, "my.table")).orElseThrow().rows());

    Sql.execute(
        database,
        """
        UPDATE "my.table" SET v = 'changed';
        UPDATE "My Schema"."t.x" SET id = 70;
        """);
    new Restore(
            RestoreConfig.of(database, backup.file())
                .withClean(true)
                .withTables(List.of("\"my.table\"")),
            log)
        .run();

    assertEquals(
        List.of("one", "two"), Sql.column(database, "SELECT v FROM \"my.table\" ORDER BY id"));
    assertEquals("70", Sql.value(database, "SELECT id FROM \"My Schema\".\"t.x\""), "not restored");
  }

  private static String id(BackupResult backup, String table) {
    return backup.header().tables().stream()
        .filter(t -> t.name().equals(table))
        .findFirst()
        .orElseThrow()
        .id();
  }
}
