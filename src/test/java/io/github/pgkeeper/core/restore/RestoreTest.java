package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.archive.TableTotals;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** db:restore against a real PostgreSQL: round trips, refusals, and atomic failures. */
class RestoreTest extends RestoreTestCase {

  @Test
  void
      withSchemaFromMigrationsAFreshDatabaseIsRebuiltFromTheArchivesMigrationsAndEqualsTheSource() {
    Path archive = backup(source);
    Map<String, String> expected = DatabaseSnapshot.of(source);
    ConnectionConfig fresh = ownedDatabase();

    RestoreResult result =
        restore(
            restoreConfig(fresh, archive).withSchemaFrom(RestoreConfig.SchemaSource.MIGRATIONS));

    assertEquals(RestoreConfig.SchemaSource.MIGRATIONS, result.rebuiltFrom());
    assertEquals("002", result.version());
    assertEquals(expected, DatabaseSnapshot.of(fresh), "rows, sequences, history, catalog");
    assertEquals(
        Sql.value(source, "SELECT count(*) FROM users"),
        Sql.value(fresh, "SELECT count(*) FROM users"));
    // Identity and serial columns continue where the source's would.
    String next = "INSERT INTO users (name) VALUES ('next') RETURNING id";
    assertEquals(Sql.value(source, next), Sql.value(fresh, next));
    assertEquals(
        Sql.value(source, "SELECT nextval('teams_id_seq')"),
        Sql.value(fresh, "SELECT nextval('teams_id_seq')"));
    String all = log.all();
    assertTrue(all.contains("Rebuilt the schema from the archive's 2 migration(s)"), all);
    assertTrue(
        all.matches("(?s).*INFO   public\\.users: 303 rows, [0-9.]+ MB in .*MB/s\\).*"), all);
    assertTrue(all.contains("INFO   public.Odd \"Name\";Table: 3 rows"), all);
    assertTrue(all.contains("Restore complete: 5 table(s), 2,830 rows"), all);
    assertTrue(all.contains("schema rebuilt from the archive's migrations"), all);
    // Tables of covered types load as binary COPY; samples has arrays, so it loads as text.
    String debug = String.join("\n", log.debugs());
    assertTrue(
        debug.matches(
            "(?s).*Loading public\\.users .*FROM STDIN WITH \\(FORMAT binary, FREEZE\\).*"),
        debug);
    assertTrue(
        debug.matches("(?s).*Loading public\\.samples .*FROM STDIN WITH \\(FREEZE\\)\n.*"), debug);
  }

  @Test
  void textTheBinaryRewriteDoesNotCoverIsLoadedAsTextAfterARollback() throws Exception {
    Path archive = backup(source);
    Map<String, String> expected = DatabaseSnapshot.of(source);
    // int4in accepts blanks around a number, but PostgreSQL never writes them: the binary encoder
    // refuses the value, and the restore starts again loading text.
    Path rewritten =
        ArchiveDamage.rewriteTable(
            archive,
            "Odd \"Name\";Table",
            text -> text.replaceFirst("^(\\d+)\t", " $1 \t"),
            project.resolve("rewritten.tar"));
    ConnectionConfig fresh = ownedDatabase();

    RestoreResult result = restore(restoreConfig(fresh, rewritten));

    assertEquals(expected, DatabaseSnapshot.of(fresh), "rows, sequences, history, catalog");
    assertEquals(2830, result.rows());
    String warnings = String.join("\n", log.warnings());
    assertTrue(
        warnings.contains(
            "Binary COPY cannot encode public.Odd \"Name\";Table, line 1, column Key: ' 1 ' is not"
                + " integer output. The transaction was rolled back; restoring again"),
        warnings);
  }

  @Test
  void aLongTableReportsHowFarItsLoadHasGot() throws Exception {
    Path archive = backup(source);
    long rows;
    TableTotals totals;
    try (ArchiveReader reader = ArchiveReader.open(archive);
        Connection connection = Connections.open(source)) {
      connection.setAutoCommit(false);
      TableInfo samples = reader.header().table("public", "samples").orElseThrow();
      totals = reader.manifest().totals(samples.id()).orElseThrow();
      try (Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE samples");
      }
      // A report after every read instead of every 10 s.
      rows = new TableLoader(connection, reader, log, 0).load(samples, totals, true, null);
      connection.rollback();
    }

    assertEquals(totals.rows(), rows);
    List<String> progress =
        log.lines.stream().filter(line -> line.contains("… public.samples: ")).toList();
    assertFalse(progress.isEmpty(), log.all());
    assertTrue(
        progress.get(progress.size() - 1).matches(".* of [0-9.]+ MB so far \\([0-9.]+ MB/s\\)"),
        progress.toString());
  }

  @Test
  void tablesLockedLongerThanLockTimeoutAreRefusedAndNothingChanges() throws Exception {
    Path archive = backup(source);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.of(source);
    PgKeeperException failed;
    try (Connection holder = Connections.open(source)) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute("LOCK TABLE members IN ACCESS SHARE MODE");
      }
      failed =
          assertThrows(
              PgKeeperException.class,
              () ->
                  restore(restoreConfig(source, archive).withClean(true).withLockTimeout("300ms")));
      holder.rollback();
    }

    assertTrue(
        failed
            .getMessage()
            .startsWith("Other sessions kept the tables to restore locked for 300ms"),
        failed.getMessage());
    assertTrue(failed.getMessage().contains("rolled back"), failed.getMessage());
    assertEquals(Optional.of(Setting.LOCK_TIMEOUT), failed.setting());
    assertEquals(changed, DatabaseSnapshot.of(source));
  }

  @Test
  void existingDatabaseWithRowsIsRefusedWithoutCleanAndReplacedWithClean() {
    Map<String, String> original = DatabaseSnapshot.of(source);
    Path archive = backup(source);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.of(source);
    assertNotEquals(original, changed);

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> restore(restoreConfig(source, archive)));

    assertEquals(Setting.RESTORE_CLEAN, refused.setting().orElseThrow());
    assertTrue(
        refused.getMessage().contains("already holds 2,730 row(s) in 5 table(s)"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("public.users (304)"), refused.getMessage());
    assertTrue(refused.getMessage().contains("-Ddb.restore.clean=true"), refused.getMessage());
    assertEquals(changed, DatabaseSnapshot.of(source), "refused: nothing changed");

    RestoreResult result = restore(restoreConfig(source, archive).withClean(true));

    assertEquals(original, DatabaseSnapshot.of(source));
    assertEquals(2830, result.rows(), "the archive's rows");
    assertTrue(log.all().contains("clean: emptying 5 table(s)"), log.all());
  }

  @Test
  void targetAtAnotherVersionIsRefusedNamingBothVersions() throws Exception {
    Path archive = backup(source);
    Path older = Files.createDirectories(project.resolve("older"));
    Files.copy(migrations.resolve("001_schema.sql"), older.resolve("001_schema.sql"));
    ConnectionConfig target = ownedDatabase();
    migrate(target, older);
    Sql.execute(target, "INSERT INTO teams (name) VALUES ('kept')");
    Map<String, String> before = DatabaseSnapshot.of(target);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(target, archive).withClean(true)));

    assertTrue(
        refused
            .getMessage()
            .contains(
                "taken at schema version 002, but the target database is at" + " version 001"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("db:migrate -Ddb.target=002"), refused.getMessage());
    assertEquals(before, DatabaseSnapshot.of(target));
  }

  @Test
  void flippedByteInADataPartIsRefusedAndNothingChanges() throws Exception {
    Path archive = backup(source);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.of(source);
    String part = ArchiveDamage.partOf(archive, "samples");
    Path damaged = ArchiveDamage.flipByteInPartOf(archive, "samples", project.resolve("bad.tar"));

    ArchiveCorruptException refused =
        assertThrows(
            ArchiveCorruptException.class,
            () -> restore(restoreConfig(source, damaged).withClean(true)));

    assertTrue(refused.getMessage().contains("entry " + part), refused.getMessage());
    assertTrue(refused.getMessage().contains("public.samples"), refused.getMessage());
    assertTrue(refused.getMessage().contains("rolled back"), refused.getMessage());
    assertEquals(changed, DatabaseSnapshot.of(source));

    ConnectionConfig fresh = ownedDatabase();
    assertThrows(ArchiveCorruptException.class, () -> restore(restoreConfig(fresh, damaged)));
    assertEquals(List.of(), Sql.tables(fresh), "the schema rebuild was rolled back too");
  }

  @Test
  void truncatedArchiveIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
    Path archive = backup(source);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.of(source);
    byte[] bytes = Files.readAllBytes(archive);
    Path truncated = project.resolve("truncated.tar");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    ArchiveCorruptException refused =
        assertThrows(
            ArchiveCorruptException.class,
            () -> restore(restoreConfig(source, truncated).withClean(true)));

    assertTrue(refused.getMessage().contains("truncated"), refused.getMessage());
    assertEquals(changed, DatabaseSnapshot.of(source));
  }

  @Test
  void aRowTheTargetRefusesRollsEverythingBack() {
    Path archive = backup(source);
    change(source);
    Sql.execute(
        source,
        "ALTER TABLE \"Odd \"\"Name\"\";Table\" ADD CONSTRAINT no_one CHECK (\"vAlue\" <> 'one') NOT VALID");
    Sql.execute(source, "DELETE FROM \"Odd \"\"Name\"\";Table\" WHERE \"vAlue\" = 'one'");
    Map<String, String> changed = DatabaseSnapshot.of(source);

    PgKeeperException failed =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    assertTrue(failed.getMessage().contains("no_one"), failed.getMessage());
    assertTrue(
        failed.getMessage().contains("loading public.Odd \"Name\";Table"), failed.getMessage());
    assertTrue(failed.getMessage().contains("rolled back"), failed.getMessage());
    assertEquals(changed, DatabaseSnapshot.of(source));
  }

  @Test
  void aConstraintTheLoadedRowsBreakRollsEverythingBack() {
    Path archive = backup(source);
    change(source);
    // The archive holds 2,001 rows without a quantity: a unique index that treats NULLs as equal
    // refuses them when it is rebuilt after the load.
    Sql.execute(source, "DELETE FROM samples WHERE qty IS NULL");
    Sql.execute(source, "CREATE UNIQUE INDEX samples_qty ON samples (qty) NULLS NOT DISTINCT");
    Map<String, String> changed = DatabaseSnapshot.of(source);

    PgKeeperException failed =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    assertTrue(failed.getMessage().contains("samples_qty"), failed.getMessage());
    assertTrue(failed.getMessage().contains("rolled back"), failed.getMessage());
    assertEquals(changed, DatabaseSnapshot.of(source));
  }

  @Test
  void tablesGlobsRestoreASubsetAndNeverCascadeIntoOtherTables() {
    Map<String, String> original = DatabaseSnapshot.rows(source);
    Path archive = backup(source);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.rows(source);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () ->
                restore(
                    restoreConfig(source, archive).withClean(true).withTables(List.of("users"))));
    assertEquals(Setting.RESTORE_TABLES, refused.setting().orElseThrow());
    assertTrue(
        refused
            .getMessage()
            .contains("public.members (members_user_id_fkey references public.users)"),
        refused.getMessage());
    assertEquals(changed, DatabaseSnapshot.rows(source));

    restore(
        restoreConfig(source, archive).withClean(true).withTables(List.of("public.sam*", "Odd*")));

    Map<String, String> now = DatabaseSnapshot.rows(source);
    assertEquals(original.get("samples"), now.get("samples"));
    assertEquals(original.get("\"Odd \"\"Name\"\";Table\""), now.get("\"Odd \"\"Name\"\";Table\""));
    assertEquals(changed.get("users"), now.get("users"), "not restored");
    assertEquals(changed.get("members"), now.get("members"), "not restored");

    PgKeeperException none =
        assertThrows(
            PgKeeperException.class,
            () -> restore(restoreConfig(source, archive).withTables(List.of("nothing*"))));
    assertTrue(none.getMessage().contains("No table of the archive matches nothing*"));
  }

  @Test
  void localMigrationFilesThatDifferFromTheArchiveAreReported() throws Exception {
    Path archive = backup(source);
    Files.writeString(migrations.resolve("002_members_index.sql"), VERSION_2 + "-- edited\n");
    Files.writeString(migrations.resolve("003_later.sql"), "SELECT 1;\n");
    ConnectionConfig fresh = ownedDatabase();

    restore(restoreConfig(fresh, archive).withSchemaFrom(RestoreConfig.SchemaSource.MIGRATIONS));

    String warnings = String.join("\n", log.warnings());
    assertTrue(warnings.contains("differ from the text stored in the archive"), warnings);
    assertTrue(warnings.contains("002_members_index.sql"), warnings);
    assertTrue(log.all().contains("newer than the archive"), log.all());
    assertTrue(log.all().contains("003_later.sql"), log.all());
  }

  @Test
  void replicaRoleIsForSuperusers() {
    Map<String, String> original = DatabaseSnapshot.of(source);
    Path archive = backup(source);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.of(source);

    PgKeeperException denied =
        assertThrows(
            PgKeeperException.class,
            () -> restore(restoreConfig(source, archive).withClean(true).withReplicaRole(true)));
    assertEquals(Setting.RESTORE_REPLICA_ROLE, denied.setting().orElseThrow());
    assertEquals(changed, DatabaseSnapshot.of(source));

    restore(restoreConfig(asSuperuser(source), archive).withClean(true).withReplicaRole(true));

    assertEquals(original, DatabaseSnapshot.of(source));
  }

  @Test
  void analyzeRunsAfterwardsUnlessSwitchedOff() {
    Path archive = backup(source);
    ConnectionConfig quiet = ownedDatabase();
    restore(restoreConfig(quiet, archive).withAnalyze(false));
    assertEquals(
        "0",
        Sql.value(
            quiet, "SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"));

    ConnectionConfig analyzed = ownedDatabase();
    restore(restoreConfig(analyzed, archive));
    assertEquals(
        "5",
        Sql.value(
            analyzed,
            "SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
                + " AND relname <> 'pgkeeper_history'"));
  }

  @Test
  void aTableLeftOutOfTheBackupIsEmptiedAlongOnlyWhenItHoldsNoRows() throws Exception {
    Files.writeString(
        migrations.resolve("003_audit.sql"),
        "CREATE TABLE audit (user_id bigint REFERENCES users, what text);\n");
    migrate(source, migrations);
    Sql.execute(source, "INSERT INTO audit VALUES (1, 'login')");
    BackupConfig withoutAudit =
        BackupConfig.of(source, project.resolve("backups"))
            .withMigrations(List.of(migrations), false, "public", "pgkeeper_history")
            .withSelection(List.of("public"), List.of(), List.of("audit"), List.of());
    Path archive = new Backup(withoutAudit, log).run().file();

    ConnectionConfig fresh = ownedDatabase();
    restore(restoreConfig(fresh, archive));
    assertEquals("0", Sql.value(fresh, "SELECT count(*) FROM audit"), "rebuilt, left empty");
    assertEquals("303", Sql.value(fresh, "SELECT count(*) FROM users"));

    Map<String, String> before = DatabaseSnapshot.of(source);
    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));
    assertTrue(
        refused.getMessage().contains("public.audit (audit_user_id_fkey references public.users)"),
        refused.getMessage());
    assertEquals(before, DatabaseSnapshot.of(source), "never cascades into audit's rows");
  }

  @Test
  void aRestoreFailingAtItsLastStepLeavesTheSequencesAsTheyWere() throws Exception {
    // Refreshing this view divides by zero with 20 teams: the archive's rows.
    Files.writeString(
        migrations.resolve("003_teams_beyond_twenty.sql"),
        "CREATE MATERIALIZED VIEW teams_beyond_twenty AS"
            + " SELECT 100 / (count(*) - 20) AS share FROM teams;\n");
    Sql.execute(source, "INSERT INTO teams (name) VALUES ('21st')");
    migrate(source, migrations);
    Sql.execute(source, "DELETE FROM teams WHERE name = '21st'");
    Path archive = backup(source);
    Sql.execute(source, "INSERT INTO teams (name) VALUES ('22nd')");
    Map<String, String> before = DatabaseSnapshot.of(source);

    PgKeeperException failed =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    assertTrue(failed.getMessage().contains("division by zero"), failed.getMessage());
    assertEquals(before, DatabaseSnapshot.of(source), "setval is not undone by a rollback");
    assertEquals("23", Sql.value(source, "INSERT INTO teams (name) VALUES ('next') RETURNING id"));
  }

  @Test
  void aHeaderThatDoesNotMatchItsChecksumIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
    Path archive = backup(source);
    byte[] bytes = Files.readAllBytes(archive);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"UTF8\"");
    assertTrue(at > 0 && at < 64 * 1024, "the encoding is in the header");
    bytes[at + 1] = 'V';
    Path damaged = project.resolve("header.tar");
    Files.write(damaged, bytes);
    change(source);
    Map<String, String> changed = DatabaseSnapshot.of(source);

    ArchiveCorruptException refused =
        assertThrows(
            ArchiveCorruptException.class,
            () -> restore(restoreConfig(source, damaged).withClean(true)));

    assertTrue(refused.getMessage().contains("entry header.json"), refused.getMessage());
    assertEquals(changed, DatabaseSnapshot.of(source));
  }
}
