package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The roles an archive's schema names, checked in the target before anything is written: missing
 * roles and owners the restoring role cannot set are refused with the complete list, unless the
 * missing roles are created (createRoles) or owners and grants left out (privileges=false).
 */
class RestoreRolesTest extends RestoreTestCase {
  private String clerk;
  private String auditor;
  private ConnectionConfig owned;

  /** A database whose tables belong to two other roles, backed up by a superuser. */
  @BeforeEach
  void sourceOwnedByOtherRoles() {
    clerk = role + "_clerk";
    auditor = role + "_auditor";
    Sql.execute(
        TestDatabases.server().connection(),
        "CREATE ROLE " + clerk + " NOLOGIN; CREATE ROLE " + auditor + " NOLOGIN");
    owned = ownedDatabase();
    Sql.execute(
        asSuperuser(owned),
        "CREATE TABLE ledger (id int PRIMARY KEY, amount numeric NOT NULL);"
            + " INSERT INTO ledger SELECT g, g * 1.5 FROM generate_series(1, 100) g;"
            + " CREATE TABLE audit (at timestamptz NOT NULL, what text);"
            + " INSERT INTO audit VALUES ('2024-01-01', 'opened');"
            + " ALTER TABLE ledger OWNER TO "
            + clerk
            + "; ALTER TABLE audit OWNER TO "
            + auditor);
  }

  private Path backupAndDropTheRoles() {
    Path archive = backup(asSuperuser(owned));
    Sql.execute(
        asSuperuser(owned),
        "REASSIGN OWNED BY "
            + clerk
            + ", "
            + auditor
            + " TO "
            + role
            + "; DROP OWNED BY "
            + clerk
            + ", "
            + auditor
            + "; DROP ROLE "
            + clerk
            + "; DROP ROLE "
            + auditor);
    return archive;
  }

  private List<String> rolesNamedLikeThese() {
    return Sql.column(
        asSuperuser(owned),
        "SELECT rolname || ' login ' || rolcanlogin FROM pg_roles WHERE rolname IN ('"
            + clerk
            + "', '"
            + auditor
            + "') ORDER BY 1");
  }

  @Test
  void rolesTheTargetLacksAreRefusedBeforeAnythingIsWrittenEveryOneListed() {
    Path archive = backupAndDropTheRoles();
    ConnectionConfig fresh = ownedDatabase();

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> restore(restoreConfig(fresh, archive)));

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "The archive's schema names 2 role(s) the target lacks: "
                    + auditor
                    + ", "
                    + clerk
                    + ". Nothing was changed."),
        refused.getMessage());
    assertTrue(
        refused.getMessage().contains("-Ddb.restore.createRoles=true"), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("-Ddb.restore.privileges=false"), refused.getMessage());
    assertEquals(Setting.RESTORE_CREATE_ROLES, refused.setting().orElseThrow());
    assertEquals(List.of(), Sql.tables(fresh));
    assertEquals(List.of(), rolesNamedLikeThese());
  }

  @Test
  void createRolesCreatesTheMissingRolesAsNologinRolesInsideTheRestoresTransaction()
      throws Exception {
    Path archive = backupAndDropTheRoles();
    ConnectionConfig fresh = asSuperuser(ownedDatabase());
    Path damaged = ArchiveDamage.flipByteInPartOf(archive, "ledger", project.resolve("bad.tar"));

    assertThrows(
        ArchiveCorruptException.class,
        () -> restore(restoreConfig(fresh, damaged).withCreateRoles(true)));
    assertEquals(List.of(), rolesNamedLikeThese(), "rolled back with the restore");
    assertEquals(List.of(), Sql.tables(fresh));

    restore(restoreConfig(fresh, archive).withCreateRoles(true));

    assertEquals(List.of(auditor + " login false", clerk + " login false"), rolesNamedLikeThese());
    assertEquals(
        List.of("audit " + auditor, "ledger " + clerk),
        Sql.column(
            fresh,
            "SELECT tablename || ' ' || tableowner FROM pg_tables WHERE schemaname = 'public'"
                + " ORDER BY 1"));
    assertEquals("100", Sql.value(fresh, "SELECT count(*) FROM ledger"));
    assertTrue(
        log.all().contains("createRoles: created 2 role(s) the archive's schema names, NOLOGIN"),
        log.all());
  }

  @Test
  void withoutPrivilegesEveryObjectBelongsToTheRestoringRole() {
    Path archive = backupAndDropTheRoles();
    ConnectionConfig fresh = ownedDatabase();

    restore(restoreConfig(fresh, archive).withPrivileges(false));

    assertEquals(
        List.of("audit " + role, "ledger " + role),
        Sql.column(
            fresh,
            "SELECT tablename || ' ' || tableowner FROM pg_tables WHERE schemaname = 'public'"
                + " ORDER BY 1"));
    assertEquals("150.0", Sql.value(fresh, "SELECT amount FROM ledger WHERE id = 100"));
    assertEquals(List.of(), rolesNamedLikeThese());
  }

  @Test
  void withoutPrivilegesTheRolesThatPoliciesNameAreStillChecked() {
    Sql.execute(
        asSuperuser(owned),
        "ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;"
            + " CREATE POLICY clerks_read ON ledger FOR SELECT TO "
            + clerk
            + " USING (amount > 0)");
    Path archive = backupAndDropTheRoles();
    ConnectionConfig fresh = ownedDatabase();

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> restore(restoreConfig(fresh, archive).withPrivileges(false)));

    assertTrue(
        refused
            .getMessage()
            .startsWith("The archive's schema names 1 role(s) the target lacks: " + clerk + "."),
        refused.getMessage());
    assertTrue(
        refused.getMessage().endsWith("policies name: they are needed either way."),
        refused.getMessage());
    assertEquals(List.of(), Sql.tables(fresh));
  }

  @Test
  void ownersTheRestoringRoleCannotSetAreRefusedBeforeAnythingIsWritten() {
    Path archive = backup(asSuperuser(owned));
    ConnectionConfig fresh = ownedDatabase();

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> restore(restoreConfig(fresh, archive)));

    assertTrue(
        refused
            .getMessage()
            .startsWith(
                "The archive's schema gives objects to 2 owner(s) the restoring role "
                    + role
                    + " cannot set (it is neither a superuser nor a member of them): "
                    + auditor
                    + ", "
                    + clerk
                    + ". Nothing was changed."),
        refused.getMessage());
    assertTrue(
        refused.getMessage().contains("-Ddb.restore.privileges=false"), refused.getMessage());
    assertEquals(Setting.RESTORE_PRIVILEGES, refused.setting().orElseThrow());
    assertEquals(List.of(), Sql.tables(fresh));
  }
}
