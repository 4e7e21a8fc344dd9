package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of a table with row-level security, as real non-superuser roles: the table's owner, with
 * FORCE ROW LEVEL SECURITY on, and a role that does not own it. Each is told what it needs.
 */
class BackupRowSecurityTest {
  private static final AtomicInteger ROLES = new AtomicInteger();

  @TempDir Path project;
  RecordingLogger log = new RecordingLogger();
  ConnectionConfig admin;
  String owner;

  @BeforeEach
  void setUp() {
    admin = TestDatabases.freshDatabase();
    owner = role("rls_owner");
    String database = admin.url().replaceAll(".*/", "");
    Sql.execute(admin, "ALTER DATABASE " + database + " OWNER TO " + owner);
    Sql.execute(admin, "ALTER SCHEMA public OWNER TO " + owner);
    Sql.execute(
        as(owner),
        """
        CREATE TABLE notes (id int PRIMARY KEY, tenant text NOT NULL, body text);
        ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
        ALTER TABLE notes FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_notes ON notes USING (tenant = current_setting('app.tenant', true));
        """);
    Sql.execute(
        admin,
        "INSERT INTO notes SELECT g, 'tenant ' || g % 3, 'note ' || g"
            + " FROM generate_series(1, 30) g");
  }

  private static String role(String prefix) {
    String name = prefix + "_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
    Sql.execute(
        TestDatabases.server().connection(),
        "CREATE ROLE " + name + " LOGIN PASSWORD 'secret' NOSUPERUSER");
    return name;
  }

  private ConnectionConfig as(String role) {
    return new ConnectionConfig(admin.url(), role, "secret");
  }

  private PgKeeperException refusedBackup(ConnectionConfig connection) {
    return assertThrows(
        PgKeeperException.class,
        () -> new Backup(BackupConfig.of(connection, project.resolve("backups")), log).run());
  }

  @Test
  void theOwnerOfAForcedTableIsToldToSwitchForceOffOrBypassNotToBeTheOwner() {
    String message = refusedBackup(as(owner)).getMessage();

    assertTrue(
        message.startsWith(
            "Cannot back up public.notes: role "
                + owner
                + " owns it, but the table has FORCE ROW LEVEL SECURITY, so its policies apply to"
                + " its owner too"),
        message);
    assertTrue(message.contains("ALTER ROLE " + owner + " BYPASSRLS"), message);
    assertTrue(
        message.contains("ALTER TABLE \"public\".\"notes\" NO FORCE ROW LEVEL SECURITY"), message);
    assertFalse(message.contains("owner if"), message);
  }

  @Test
  void theOwnerBacksUpEveryRowOnceForceIsOff() {
    Sql.execute(as(owner), "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY");

    BackupResult result =
        new Backup(BackupConfig.of(as(owner), project.resolve("backups")), log).run();

    assertEquals(
        30, result.manifest().totals(result.header().tables().get(0).id()).orElseThrow().rows());
  }

  @Test
  void aRoleThatDoesNotOwnTheTableIsToldToBypassOrBackUpAsTheOwner() {
    String reader = role("rls_reader");
    Sql.execute(admin, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader);

    String message = refusedBackup(as(reader)).getMessage();

    assertTrue(
        message.startsWith(
            "Cannot back up public.notes: row-level security is enabled on it, and role "
                + reader
                + " neither owns it nor bypasses row-level security"),
        message);
    assertTrue(message.contains("ALTER ROLE " + reader + " BYPASSRLS"), message);
    assertTrue(
        message.contains("as the table's owner if the table does not FORCE row-level security"),
        message);
    assertFalse(message.contains("NO FORCE"), message);
  }
}
