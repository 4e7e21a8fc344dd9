package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Repair;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restore compares the archive's migration history with the target's, migration by migration
 * (version, script, checksum, in installed order), not only the last version.
 */
class RestoreHistoryTest extends RestoreTestCase {
  private static final String HISTORY =
      "SELECT string_agg(version || ' ' || script || ' ' || checksum || ' ' || success, ', '"
          + " ORDER BY installed_rank) FROM pgkeeper_history";

  /** Another project whose migrations build a schema our rows fit, also ending at "002". */
  private Path otherProjectsArchive() throws Exception {
    Path other = Files.createDirectories(project.resolve("other"));
    Files.writeString(other.resolve("001_init.sql"), "-- the other project\n" + SCHEMA);
    Files.writeString(other.resolve("002_index.sql"), VERSION_2);
    ConnectionConfig theirs = ownedDatabase();
    migrate(theirs, other);
    Sql.execute(theirs, "INSERT INTO teams (name) VALUES ('theirs')");
    return new Backup(
            BackupConfig.of(theirs, project.resolve("other-backups"))
                .withMigrations(List.of(other), false, "public", "pgkeeper_history"),
            log)
        .run()
        .file();
  }

  /** The restored rows: the history is the target's own, repaired or with its failed attempt. */
  private static Map<String, String> withoutHistory(Map<String, String> rows) {
    Map<String, String> copy = new java.util.TreeMap<>(rows);
    copy.remove("pgkeeper_history");
    return copy;
  }

  private String checksum(ConnectionConfig database, String version) {
    return Sql.value(
        database,
        "SELECT left(checksum, 8) FROM pgkeeper_history WHERE version = '" + version + "'");
  }

  @Test
  void anotherProjectsArchiveAtTheSameVersionIsRefusedNamingTheFirstDifference() throws Exception {
    Path archive = otherProjectsArchive();
    Map<String, String> before = DatabaseSnapshot.of(source);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    String message = refused.getMessage();
    assertTrue(
        message.contains(
                "at the 1st migration in installed order, the archive has 001 001_init.sql (checksum ")
            && message.contains(
                "and the target 001 001_schema.sql (checksum " + checksum(source, "001") + "...)"),
        message);
    assertTrue(message.contains("Both are at version 002"), message);
    assertTrue(message.contains("-Ddb.restore.allowHistoryMismatch=true"), message);
    assertEquals(Setting.RESTORE_ALLOW_HISTORY_MISMATCH, refused.setting().orElseThrow());
    assertEquals(before, DatabaseSnapshot.of(source), "nothing changed");
  }

  @Test
  void allowHistoryMismatchRestoresAnotherProjectsArchiveWithAWarningNamingTheDifferences()
      throws Exception {
    Path archive = otherProjectsArchive();
    String history = Sql.value(source, HISTORY);

    restore(restoreConfig(source, archive).withClean(true).withAllowHistoryMismatch(true));

    assertEquals("1", Sql.value(source, "SELECT count(*) FROM teams WHERE name = 'theirs'"));
    assertEquals(history, Sql.value(source, HISTORY), "the target keeps its own history");
    String warnings = String.join("\n", log.warnings());
    assertTrue(
        warnings.contains("allowHistoryMismatch: loading although the archive's migration history")
            && warnings.contains("only in the archive: 001 001_init.sql")
            && warnings.contains("only in the target: 001 001_schema.sql"),
        warnings);
  }

  @Test
  void aMigrationEditedAndRepairedAfterTheBackupIsRefusedNamingBothChecksums() throws Exception {
    Path archive = backup(source);
    String applied = checksum(source, "002");
    Files.writeString(migrations.resolve("002_members_index.sql"), VERSION_2 + "-- edited\n");
    new Repair(MigrationConfig.of(source, List.of(migrations), project), log).repair();
    change(source);
    Map<String, String> before = DatabaseSnapshot.of(source);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    String message = refused.getMessage();
    assertTrue(
        message.contains(
            "at the 2nd migration in installed order, the archive has 002 002_members_index.sql"
                + " (checksum "
                + applied
                + "...) and the target 002 002_members_index.sql (checksum "
                + checksum(source, "002")
                + "...)"),
        message);
    assertTrue(message.contains("edited and re-recorded with db:repair on one side"), message);
    assertEquals(before, DatabaseSnapshot.of(source), "nothing changed");
  }

  @Test
  void anArchiveThatStoresTheEditedTextMatchesATargetRepairedToIt() throws Exception {
    Files.writeString(migrations.resolve("002_members_index.sql"), VERSION_2 + "-- edited\n");
    Map<String, String> original = DatabaseSnapshot.rows(source);
    // The backup records the applied checksum and stores the edited text.
    Path archive = backup(source);
    new Repair(MigrationConfig.of(source, List.of(migrations), project), log).repair();
    change(source);

    restore(restoreConfig(source, archive).withClean(true));

    assertEquals(withoutHistory(original), withoutHistory(DatabaseSnapshot.rows(source)));
    assertTrue(log.all().contains("edited and re-recorded with db:repair"), log.all());
  }

  @Test
  void historiesOfDifferentLengthsEndingAtTheSameVersionAreRefused() throws Exception {
    Path archive = backup(source);
    Path longer = Files.createDirectories(project.resolve("longer"));
    Files.copy(migrations.resolve("001_schema.sql"), longer.resolve("001_schema.sql"));
    Files.writeString(longer.resolve("V1.5__extra.sql"), "CREATE TABLE extra (id int);\n");
    Files.copy(
        migrations.resolve("002_members_index.sql"), longer.resolve("002_members_index.sql"));
    ConnectionConfig target = ownedDatabase();
    migrate(target, longer);

    PgKeeperException targetLonger =
        assertThrows(PgKeeperException.class, () -> restore(restoreConfig(target, archive)));

    assertTrue(
        targetLonger
                .getMessage()
                .contains(
                    "at the 2nd migration in installed order, the archive has 002"
                        + " 002_members_index.sql")
            && targetLonger.getMessage().contains("and the target 1.5 V1.5__extra.sql"),
        targetLonger.getMessage());
    assertTrue(targetLonger.getMessage().contains("Both are at version 002"));

    Path longerArchive =
        new Backup(
                BackupConfig.of(target, project.resolve("longer-backups"))
                    .withMigrations(List.of(longer), false, "public", "pgkeeper_history"),
                log)
            .run()
            .file();
    PgKeeperException archiveLonger =
        assertThrows(
            PgKeeperException.class,
            () -> restore(restoreConfig(source, longerArchive).withClean(true)));

    assertTrue(
        archiveLonger.getMessage().contains("the archive has 1.5 V1.5__extra.sql")
            && archiveLonger.getMessage().contains("and the target 002 002_members_index.sql"),
        archiveLonger.getMessage());
  }

  @Test
  void aTargetThatMigratedFurtherIsRefusedNamingWhatItAlsoApplied() throws Exception {
    Path archive = backup(source);
    Files.writeString(migrations.resolve("003_more.sql"), "CREATE TABLE more (id int);\n");
    migrate(source, migrations);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    assertTrue(
        refused
            .getMessage()
            .contains(
                "taken at schema version 002, but the target database is at version 003 (per"
                    + " public.pgkeeper_history), which has also applied 003 003_more.sql"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("db:rollback"), refused.getMessage());
    assertTrue(
        refused.setting().isEmpty(), "the override is no answer to another version of one history");
  }

  @Test
  void aMigrationLeftPartlyAppliedInTheTargetIsADifference() throws Exception {
    Path archive = backup(source);
    Files.writeString(
        migrations.resolve("003_concurrently.sql"),
        "CREATE INDEX CONCURRENTLY users_name ON users (name);\nSELECT 1 / 0;\n");
    assertThrows(RuntimeException.class, () -> migrate(source, migrations));
    change(source);
    Map<String, String> before = DatabaseSnapshot.of(source);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(source, archive).withClean(true)));

    assertTrue(
        refused
            .getMessage()
            .contains(
                "at the 3rd migration in installed order, the archive has none (it ends before)"
                    + " and the target 003 003_concurrently.sql (checksum "
                    + checksum(source, "003")
                    + "..., failed part-way: 1 of 2 statements applied)"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("db:migrate resumes it"), refused.getMessage());
    assertEquals(Setting.RESTORE_ALLOW_HISTORY_MISMATCH, refused.setting().orElseThrow());
    assertEquals(before, DatabaseSnapshot.of(source), "nothing changed");
  }

  @Test
  void aFailedAttemptThatChangedNothingIsNoDifference() throws Exception {
    Map<String, String> original = DatabaseSnapshot.rows(source);
    Path archive = backup(source);
    Files.writeString(migrations.resolve("003_fails.sql"), "CREATE TABLE more (id int / 0);\n");
    assertThrows(RuntimeException.class, () -> migrate(source, migrations));
    assertEquals(
        "f", Sql.value(source, "SELECT success FROM pgkeeper_history WHERE version = '003'"));
    change(source);

    restore(restoreConfig(source, archive).withClean(true));

    assertEquals(withoutHistory(original), withoutHistory(DatabaseSnapshot.rows(source)));
  }
}
