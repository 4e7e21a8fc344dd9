package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restore of a table with row-level security, FORCEd so that its policy applies to its owner too,
 * as real non-superuser roles: the owner restores every row and finds FORCE on again; a role that
 * does not own the table is refused before anything is emptied.
 */
class RestoreRowSecurityTest extends RestoreTestCase {
  private static final String NOTES =
      """
      CREATE TABLE notes (id int PRIMARY KEY, tenant text NOT NULL, body text);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
      ALTER TABLE notes FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_notes ON notes USING (tenant = current_setting('app.tenant', true));
      """;
  private static final String NOTE_COUNT = "SELECT count(*) FROM notes";

  Path archive;

  /** The source gets the forced table and 30 rows no tenant setting shows to the owner. */
  @BeforeEach
  void addForcedTable() throws Exception {
    Files.writeString(migrations.resolve("003_notes.sql"), NOTES);
    migrate(source, migrations);
    Sql.execute(
        asSuperuser(source),
        "INSERT INTO notes SELECT g, 'tenant ' || g % 3, 'note ' || g"
            + " FROM generate_series(1, 30) g");
    archive =
        new Backup(
                BackupConfig.of(asSuperuser(source), project.resolve("backups"))
                    .withMigrations(List.of(migrations), false, "public", "pgkeeper_history"),
                log)
            .run()
            .file();
    assertEquals("0", Sql.value(source, NOTE_COUNT), "the policy hides every row from the owner");
  }

  @Test
  void theOwnerRestoresAForcedTableWithEveryRowAndFindsItForcedAgain() {
    ConnectionConfig fresh = ownedDatabase();
    restore(restoreConfig(fresh, archive));
    Sql.execute(asSuperuser(source), "DELETE FROM notes WHERE id > 10");
    restore(restoreConfig(source, archive).withClean(true));

    for (ConnectionConfig restored : List.of(fresh, source)) {
      assertEquals("30", Sql.value(asSuperuser(restored), NOTE_COUNT));
      assertEquals(
          "t",
          Sql.value(restored, "SELECT relforcerowsecurity FROM pg_class WHERE relname = 'notes'"));
    }
    assertTrue(
        log.all().contains("FORCE is off inside the restore's transaction, and on again before"),
        log.all());
  }

  @Test
  void theOwnerIsToldAboutRowsThePolicyHidesFromIt() {
    Map<String, String> before = DatabaseSnapshot.of(asSuperuser(source));

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> restore(restoreConfig(source, archive).withTables(List.of("notes"))));

    assertEquals(Setting.RESTORE_CLEAN, refused.setting().orElseThrow());
    assertTrue(refused.getMessage().contains("public.notes (30)"), refused.getMessage());
    assertEquals(before, DatabaseSnapshot.of(asSuperuser(source)), "nothing emptied");
  }

  @Test
  void aRoleThatDoesNotOwnAPolicyTableIsRefusedBeforeAnythingIsEmptied() {
    String restorer = role + "_restorer";
    Sql.execute(
        TestDatabases.server().connection(),
        "CREATE ROLE " + restorer + " LOGIN PASSWORD 'secret' NOSUPERUSER");
    Sql.execute(
        source,
        "GRANT ALL ON ALL TABLES IN SCHEMA public TO "
            + restorer
            + "; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "
            + restorer);
    change(source);
    Map<String, String> before = DatabaseSnapshot.of(asSuperuser(source));

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () ->
                restore(
                    restoreConfig(new ConnectionConfig(source.url(), restorer, "secret"), archive)
                        .withClean(true)));

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "Row-level security is enabled on public.notes (owner "
                    + role
                    + "), and role "
                    + restorer
                    + " neither owns it nor bypasses row-level security"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("ALTER ROLE " + restorer + " BYPASSRLS"));
    assertEquals(before, DatabaseSnapshot.of(asSuperuser(source)), "nothing emptied");
  }
}
