package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migrating as a role with no more privileges than it needs: what exists is not created again (so
 * CREATE on the database is not needed when the schema exists), and a missing privilege is named
 * with its object and the GRANT that gives it, not blamed on the URL.
 */
class HistoryPrivilegesTest extends MigrationTestCase {
  private static final AtomicInteger ROLES = new AtomicInteger();

  String role;
  ConnectionConfig asRole;
  String databaseName;

  @BeforeEach
  void createRole() throws IOException {
    role = "limited_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
    Sql.execute(
        TestDatabases.server().connection(), "CREATE ROLE " + role + " LOGIN PASSWORD 'secret'");
    databaseName = database.url().replaceAll(".*/", "");
    asRole = new ConnectionConfig(database.url(), role, "secret");
    write("1_notes.sql", "CREATE TABLE notes (id int);");
  }

  private Migrator migratorAsRole(String historySchema, HistoryMode mode) {
    MigrationConfig config = config().withConnection(asRole).withHistoryMode(mode);
    return new Migrator(
        new MigrationConfig(
            config.connection(),
            config.locations(),
            config.recursive(),
            config.baseDirectory(),
            historySchema,
            config.historyTable(),
            config.target(),
            config.outOfOrder(),
            config.validateOnMigrate(),
            config.timeouts(),
            config.historyMode()),
        log);
  }

  @Test
  void aRoleWithCreateOnTheSchemaAloneCanMigrate() {
    Sql.execute(database, "GRANT CREATE ON SCHEMA public TO " + role);

    migratorAsRole("public", HistoryMode.PGKEEPER).migrate();

    assertEquals(List.of("notes", "pgkeeper_history"), Sql.tables(database));
    assertEquals(
        role, Sql.value(database, "SELECT tableowner FROM pg_tables WHERE tablename = 'notes'"));
  }

  @Test
  void aRoleWithCreateOnTheSchemaAloneCanBaseline() {
    Sql.execute(database, "GRANT CREATE ON SCHEMA public TO " + role);

    new Baseline(config().withConnection(asRole), log).toVersion(Version.parse("1"));

    assertEquals(
        List.of("1"), Sql.column(database, "SELECT version FROM pgkeeper_history WHERE success"));
  }

  @Test
  void aRoleWithoutCreateOnTheSchemaIsToldWhichGrantIsMissing() {
    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> migratorAsRole("public", HistoryMode.PGKEEPER).migrate());

    String message = refused.getMessage();
    assertTrue(
        message.contains(
            "needs the CREATE privilege on schema public, which role " + role + " lacks"),
        message);
    assertTrue(message.contains("GRANT CREATE ON SCHEMA public TO " + role + ";"), message);
    assertFalse(message.contains("permission denied for database"), message);
    assertFalse(message.contains(database.url()), message);
    assertEquals(Setting.HISTORY_TABLE, refused.setting().orElseThrow());
    assertEquals(List.of(), Sql.tables(database));
  }

  @Test
  void aMissingHistorySchemaNamesTheDatabasePrivilegeAndTheGrant() {
    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> migratorAsRole("audit", HistoryMode.PGKEEPER).migrate());

    String message = refused.getMessage();
    assertTrue(message.contains("goes into schema audit, which does not exist"), message);
    assertTrue(
        message.contains("CREATE privilege on database " + databaseName + ", which role " + role),
        message);
    assertTrue(
        message.contains("GRANT CREATE ON DATABASE " + databaseName + " TO " + role), message);
    assertTrue(message.contains("CREATE SCHEMA audit AUTHORIZATION " + role), message);
    assertEquals(Setting.HISTORY_TABLE, refused.setting().orElseThrow());
  }

  @Test
  void aRoleThatMayNotReadAnExistingHistoryIsToldTheGrantNotTheUrl() throws IOException {
    Sql.execute(database, "GRANT CREATE ON SCHEMA public TO " + role);
    migrator().migrate();
    write("2_more_notes.sql", "CREATE TABLE more_notes (id int);");

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> migratorAsRole("public", HistoryMode.PGKEEPER).migrate());

    String message = refused.getMessage();
    assertTrue(message.contains("permission denied for table pgkeeper_history"), message);
    assertTrue(
        message.contains(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON \"public\".\"pgkeeper_history\" TO \""
                + role
                + "\";"),
        message);
    assertEquals(Setting.USER, refused.setting().orElseThrow());
  }

  @Test
  void supabaseModeNeedsNoDatabasePrivilegeOnceTheCliTableExists() throws Exception {
    Sql.execute(database, "GRANT CREATE ON SCHEMA public TO " + role);
    try (Connection admin = Connections.open(database)) {
      SupabaseHistory.ensure(admin);
    }
    Sql.execute(
        database,
        "GRANT USAGE ON SCHEMA supabase_migrations TO "
            + role
            + "; GRANT SELECT, INSERT, UPDATE, DELETE ON supabase_migrations.schema_migrations TO "
            + role);

    migratorAsRole("public", HistoryMode.SUPABASE).migrate();

    assertEquals(
        List.of("1"),
        Sql.column(database, "SELECT version FROM supabase_migrations.schema_migrations"));
  }

  @Test
  void supabaseModeWithoutTheCliSchemaNamesTheDatabasePrivilege() {
    Sql.execute(database, "GRANT CREATE ON SCHEMA public TO " + role);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> migratorAsRole("public", HistoryMode.SUPABASE).migrate());

    String message = refused.getMessage();
    assertTrue(message.contains("needs schema supabase_migrations, which does not exist"), message);
    assertTrue(
        message.contains("GRANT CREATE ON DATABASE " + databaseName + " TO " + role), message);
    assertEquals(Setting.HISTORY_MODE, refused.setting().orElseThrow());
  }
}
