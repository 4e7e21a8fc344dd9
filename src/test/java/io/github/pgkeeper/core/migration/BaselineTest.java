package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Adopting pgkeeper on an existing database, against a real PostgreSQL. */
class BaselineTest extends MigrationTestCase {
  /** Flyway 10's DDL for its history table on PostgreSQL. */
  private static final String FLYWAY_DDL =
      "CREATE TABLE %1$s.\"flyway_schema_history\" (\n"
          + "    \"installed_rank\" INT NOT NULL,\n"
          + "    \"version\" VARCHAR(50),\n"
          + "    \"description\" VARCHAR(200) NOT NULL,\n"
          + "    \"type\" VARCHAR(20) NOT NULL,\n"
          + "    \"script\" VARCHAR(1000) NOT NULL,\n"
          + "    \"checksum\" INTEGER,\n"
          + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
          + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
          + "    \"execution_time\" INTEGER NOT NULL,\n"
          + "    \"success\" BOOLEAN NOT NULL\n"
          + ");\n"
          + "ALTER TABLE %1$s.\"flyway_schema_history\" ADD CONSTRAINT \"flyway_schema_history_pk\""
          + " PRIMARY KEY (\"installed_rank\");\n"
          + "CREATE INDEX \"flyway_schema_history_s_idx\" ON %1$s.\"flyway_schema_history\""
          + " (\"success\");\n";

  private Baseline baseline() {
    return new Baseline(config(), log);
  }

  private Map<String, MigrationState> states() {
    return migrator().status().migrations().stream()
        .collect(Collectors.toMap(m -> m.version().toString(), MigrationStatus::state));
  }

  private static List<String> versions(List<MigrationFile> files) {
    return files.stream().map(f -> f.version().toString()).toList();
  }

  /** An application schema made without pgkeeper, and the migration files that describe it. */
  private void existingSchemaAndItsFiles() throws IOException {
    Sql.execute(database, "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
    Sql.execute(database, "CREATE TABLE invoices (id int PRIMARY KEY, customer_id int)");
    write("001_create_customers.sql", "CREATE TABLE customers (id int PRIMARY KEY, name text);");
    write("002_create_invoices.sql", "CREATE TABLE invoices (id int PRIMARY KEY);");
    write("003_add_due_date.sql", "ALTER TABLE invoices ADD COLUMN due_date date;");
  }

  @Test
  void recordsTheFilesUpToTheVersionAndMigrateAppliesOnlyTheLaterOnes() throws IOException {
    existingSchemaAndItsFiles();

    BaselineResult result = baseline().toVersion(Version.parse("2"));

    assertEquals(List.of("001", "002"), versions(result.recorded()));
    assertEquals(List.of("003"), versions(result.pending()));
    assertEquals("002", result.currentVersion().orElseThrow().toString());
    MigrationFile first = result.recorded().get(0);
    assertEquals(
        List.of(
            "001|create customers|001_create_customers.sql|"
                + first.checksum()
                + "|postgres|0|true",
            "002|create invoices|002_create_invoices.sql|"
                + result.recorded().get(1).checksum()
                + "|postgres|0|true"),
        Sql.column(
            database,
            "SELECT concat_ws('|', version, description, script, checksum, installed_by,"
                + " execution_time_ms, success::text) FROM pgkeeper_history ORDER BY installed_rank"));
    assertTrue(
        log.lines.contains(
            "INFO Baselined 001 - create customers (migrations/001_create_customers.sql)"),
        log.all());
    assertTrue(
        log.lines.contains(
            "INFO Baselined 2 migration(s) up to version 2 into public.pgkeeper_history, without"
                + " running them. Current version: 002. 1 newer migration(s) pending; migrate"
                + " applies them."),
        log.all());
    assertTrue(log.warnings().isEmpty(), log.all());

    // 001 and 002 would fail if run (their tables exist); only 003 runs.
    MigrateResult migrated = migrator().migrate();

    assertEquals(List.of("003"), versions(migrated.applied()));
    assertEquals(
        "date",
        Sql.value(
            database,
            "SELECT data_type FROM information_schema.columns WHERE column_name = 'due_date'"));
    assertEquals(
        Map.of(
            "001", MigrationState.APPLIED,
            "002", MigrationState.APPLIED,
            "003", MigrationState.APPLIED),
        states());
  }

  @Test
  void aVersionWithoutItsOwnFileRecordsTheOlderFilesAndWarns() throws IOException {
    existingSchemaAndItsFiles();

    BaselineResult result = baseline().run("2.5", null, null);

    assertEquals(List.of("001", "002"), versions(result.recorded()));
    assertEquals(
        List.of("No migration file has version 2.5; baselined the 2 below it, up to 002."),
        log.warnings());
  }

  @Test
  void aVersionNewerThanEveryFileRecordsThemAll() throws IOException {
    existingSchemaAndItsFiles();
    Sql.execute(database, "ALTER TABLE invoices ADD COLUMN due_date date");

    BaselineResult result = baseline().toVersion(Version.parse("3"));

    assertEquals(List.of("001", "002", "003"), versions(result.recorded()));
    assertTrue(log.all().contains("Nothing is pending."), log.all());
    assertTrue(migrator().migrate().applied().isEmpty());
  }

  @Test
  void refusesWhenTheHistoryTableHasRowsAndChangesNothing() throws IOException {
    write("001_a.sql", "CREATE TABLE a (id int);");
    migrator().migrate();
    write("002_b.sql", "CREATE TABLE b (id int);");

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> baseline().toVersion(Version.parse("2")));

    assertEquals(Setting.HISTORY_TABLE, refused.setting().orElseThrow());
    String message = refused.getMessage();
    assertTrue(
        message.startsWith(
            "The history table public.pgkeeper_history already has 1 row(s), up to version 001."),
        message);
    assertTrue(message.contains("adopting pgkeeper on an existing database"), message);
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM pgkeeper_history"));
  }

  @Test
  void anEmptyHistoryTableIsFine() throws IOException {
    existingSchemaAndItsFiles();
    write("000_extra.sql", "SELECT 1/0;");
    // A migrate with a failing first file leaves a failed row, which is refused too ...
    assertThrows(MigrationFailedException.class, () -> migrator().migrate());
    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> baseline().toVersion(Version.parse("2")));
    assertTrue(refused.getMessage().contains("already has 1 row(s)"), refused.getMessage());
    // ... but a history table with no rows is not.
    Sql.execute(database, "DELETE FROM pgkeeper_history");

    assertEquals(
        List.of("000", "001", "002"),
        versions(baseline().toVersion(Version.parse("2")).recorded()));
  }

  @Test
  void refusesAVersionOlderThanEveryFileAndCreatesNothing() throws IOException {
    write("005_a.sql", "CREATE TABLE a (id int);");
    write("006_b.sql", "CREATE TABLE b (id int);");

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> baseline().toVersion(Version.parse("4")));

    assertEquals(Setting.BASELINE_VERSION, refused.setting().orElseThrow());
    assertEquals(
        "No migration file has a version at or below 4; the oldest is 005"
            + " (migrations/005_a.sql). Give the version of the newest migration this database"
            + " already has.",
        refused.getMessage());
    assertEquals(List.of(), Sql.tables(database));
  }

  @Test
  void refusesWhatIsNotAVersionAndAsksForAVersionOrASource() throws IOException {
    write("001_a.sql", "CREATE TABLE a (id int);");

    PgKeeperException notAVersion =
        assertThrows(PgKeeperException.class, () -> baseline().run("v-two", null, null));
    assertEquals(Setting.BASELINE_VERSION, notAVersion.setting().orElseThrow());
    assertTrue(notAVersion.getMessage().contains("'v-two' is not a version"));

    PgKeeperException neither =
        assertThrows(PgKeeperException.class, () -> baseline().run(" ", null, null));
    assertEquals(Setting.BASELINE_VERSION, neither.setting().orElseThrow());
    assertTrue(neither.getMessage().startsWith("Baseline needs the version"));

    PgKeeperException both =
        assertThrows(PgKeeperException.class, () -> baseline().run("1", "flyway", null));
    assertEquals(Setting.BASELINE_FROM, both.setting().orElseThrow());

    PgKeeperException unknownTool =
        assertThrows(PgKeeperException.class, () -> baseline().run(null, "liquibase", null));
    assertEquals(Setting.BASELINE_FROM, unknownTool.setting().orElseThrow());
    assertTrue(unknownTool.getMessage().contains("flyway or supabase, not 'liquibase'"));
    assertEquals(List.of(), Sql.tables(database));
  }

  @Test
  void refusesWhenTheLocationsHoldNoMigrations() {
    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> baseline().toVersion(Version.parse("1")));
    assertEquals(Setting.LOCATIONS, refused.setting().orElseThrow());
  }

  @Test
  void takesTheSuccessfulVersionedRowsOfFlywaysHistory() throws IOException {
    Sql.execute(database, String.format(FLYWAY_DDL, "\"public\""));
    Sql.execute(
        database,
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
            + " checksum, installed_by, execution_time, success) VALUES"
            + " (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1234567, 'app', 12, true),"
            + " (2, '1.5', 'add audit', 'SQL', 'V1_5__add_audit.sql', -42, 'app', 3, true),"
            + " (3, '2', 'orders', 'SQL', 'V2__orders.sql', 99, 'app', 7, true),"
            + " (4, NULL, 'views', 'SQL', 'R__views.sql', 5, 'app', 1, true),"
            + " (5, '3', 'broken', 'SQL', 'V3__broken.sql', 77, 'app', 1, false)");
    Sql.execute(database, "CREATE TABLE users (id int); CREATE TABLE orders (id int)");
    write("V1__create_users.sql", "CREATE TABLE users (id int);");
    write("V1.1__add_email.sql", "ALTER TABLE users ADD COLUMN email text;");
    write("V2__orders.sql", "CREATE TABLE orders (id int);");
    write("V3__broken.sql", "CREATE TABLE broken (id int);");
    write("V4__new.sql", "CREATE TABLE newer (id int);");

    BaselineResult result = baseline().run(null, "flyway", null);

    assertEquals(List.of("1", "2"), versions(result.recorded()));
    assertEquals(List.of("1.5"), result.withoutFile().stream().map(Version::toString).toList());
    assertEquals(List.of("1.1"), versions(result.outOfOrder()));
    assertEquals(List.of("3", "4"), versions(result.pending()));
    assertEquals(
        List.of("1|create users|V1__create_users.sql", "2|orders|V2__orders.sql"),
        Sql.column(
            database,
            "SELECT concat_ws('|', version, description, script) FROM pgkeeper_history"
                + " ORDER BY installed_rank"));
    String warnings = String.join("\n", log.warnings());
    assertTrue(warnings.contains("  3 V3__broken.sql"), warnings);
    assertTrue(
        warnings.contains(
            "These versions are applied in Flyway's public.flyway_schema_history but have no"
                + " migration file in the locations, so pgkeeper does not record them:\n"
                + "  1.5 V1_5__add_audit.sql"),
        warnings);
    assertTrue(
        warnings.contains("older than the newest baselined version 2")
            && warnings.contains("  1.1 migrations/V1.1__add_email.sql"),
        warnings);
    assertTrue(log.all().contains("Left out 1 repeatable migration row(s)"), log.all());
    assertTrue(log.lines.contains("INFO Baselined 2 - orders (migrations/V2__orders.sql)"));
    assertEquals(
        "INFO Baselined 2 migration(s) from Flyway's flyway_schema_history into"
            + " public.pgkeeper_history, without running them. Current version: 2. 2 newer"
            + " migration(s) pending; migrate applies them. 1 out of order (listed above).",
        log.lines.get(log.lines.size() - 1));
    assertEquals(
        Map.of(
            "1", MigrationState.APPLIED,
            "1.1", MigrationState.OUT_OF_ORDER,
            "2", MigrationState.APPLIED,
            "3", MigrationState.PENDING,
            "4", MigrationState.PENDING),
        states());
  }

  @Test
  void flywaysOwnBaselineCoversTheFilesUpToItAndTheTableMayLiveInAnotherSchema()
      throws IOException {
    Sql.execute(database, "CREATE SCHEMA legacy");
    Sql.execute(database, String.format(FLYWAY_DDL, "\"legacy\""));
    Sql.execute(
        database,
        "INSERT INTO legacy.flyway_schema_history (installed_rank, version, description, type,"
            + " script, checksum, installed_by, execution_time, success) VALUES"
            + " (1, '2', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL,"
            + " 'app', 0, true),"
            + " (2, '3', 'three', 'SQL', 'V3__three.sql', 1, 'app', 1, true),"
            + " (3, '4', 'four', 'SQL', 'V4__four.sql', 1, 'app', 1, true),"
            + " (4, '4', 'four', 'DELETE', 'V4__four.sql', NULL, 'app', 0, true)");
    write("001_one.sql", "SELECT 1/0;");
    write("002_two.sql", "SELECT 1/0;");
    write("003_three.sql", "SELECT 1/0;");
    write("004_four.sql", "CREATE TABLE four (id int);");

    PgKeeperException missing =
        assertThrows(PgKeeperException.class, () -> baseline().run(null, "FLYWAY", null));
    assertEquals(Setting.BASELINE_FLYWAY_TABLE, missing.setting().orElseThrow());
    assertTrue(
        missing.getMessage().startsWith("No Flyway history table public.flyway_schema_history"),
        missing.getMessage());

    BaselineResult result = baseline().fromFlyway("legacy.flyway_schema_history");

    assertEquals(List.of("001", "002", "003"), versions(result.recorded()));
    assertEquals(List.of(), result.withoutFile(), "the baseline marker needs no file");
    assertEquals(List.of("004"), versions(result.pending()), "Flyway marked 4 deleted");
    assertTrue(
        log.lines.contains(
            "INFO Baselined 001 - one (migrations/001_one.sql) (covered by Flyway's baseline at"
                + " 2)"),
        log.all());
    assertEquals(List.of("004"), versions(migrator().migrate().applied()));
  }

  @Test
  void takesTheVersionsTheSupabaseCliApplied() throws IOException {
    Sql.execute(database, "CREATE SCHEMA supabase_migrations");
    Sql.execute(
        database,
        "CREATE TABLE supabase_migrations.schema_migrations"
            + " (version text PRIMARY KEY, statements text[], name text)");
    Sql.execute(
        database,
        "INSERT INTO supabase_migrations.schema_migrations VALUES"
            + " ('20240102120000', ARRAY['create table posts (id int)'], 'posts'),"
            + " ('20240101120000', ARRAY['create table profiles (id int)'], 'profiles'),"
            + " ('20231201000000', ARRAY['select 1'], 'removed_locally')");
    Sql.execute(database, "CREATE TABLE profiles (id int); CREATE TABLE posts (id int)");
    write("20240101120000_profiles.sql", "CREATE TABLE profiles (id int);");
    write("20240102120000_posts.sql", "CREATE TABLE posts (id int);");
    write("20240103120000_comments.sql", "CREATE TABLE comments (id int);");

    BaselineResult result = baseline().run(null, "supabase", null);

    assertEquals(List.of("20240101120000", "20240102120000"), versions(result.recorded()));
    assertEquals(
        List.of("20231201000000"), result.withoutFile().stream().map(Version::toString).toList());
    assertTrue(
        String.join("\n", log.warnings())
            .contains("  20231201000000 20231201000000_removed_locally"),
        log.all());
    assertEquals(List.of("20240103120000"), versions(migrator().migrate().applied()));
    assertEquals(
        List.of("comments", "pgkeeper_history", "posts", "profiles"), Sql.tables(database));
  }

  @Test
  void supabaseVersionsMatchNumerically() throws IOException {
    Sql.execute(database, "CREATE SCHEMA supabase_migrations");
    Sql.execute(
        database, "CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY)");
    Sql.execute(database, "INSERT INTO supabase_migrations.schema_migrations VALUES ('1'), ('02')");
    write("001_a.sql", "SELECT 1;");
    write("002_b.sql", "SELECT 1;");

    BaselineResult result = baseline().fromSupabase();

    assertEquals(List.of("001", "002"), versions(result.recorded()));
    assertEquals(List.of(), result.withoutFile());
  }

  @Test
  void refusesWhenTheOtherToolsTableIsMissingEmptyOrMatchesNoFile() throws IOException {
    write("001_a.sql", "SELECT 1;");

    PgKeeperException noTable =
        assertThrows(PgKeeperException.class, () -> baseline().fromSupabase());
    assertEquals(Setting.BASELINE_FROM, noTable.setting().orElseThrow());
    assertTrue(noTable.getMessage().contains("no supabase_migrations.schema_migrations table"));

    Sql.execute(database, "CREATE SCHEMA supabase_migrations");
    Sql.execute(
        database, "CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY)");
    PgKeeperException empty =
        assertThrows(PgKeeperException.class, () -> baseline().fromSupabase());
    assertEquals(Setting.BASELINE_FROM, empty.setting().orElseThrow());
    assertTrue(empty.getMessage().contains("records no applied migration"), empty.getMessage());

    Sql.execute(
        database,
        "INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101120000'),"
            + " ('20240102120000')");
    PgKeeperException noMatch =
        assertThrows(PgKeeperException.class, () -> baseline().fromSupabase());
    assertEquals(Setting.LOCATIONS, noMatch.setting().orElseThrow());
    assertEquals(
        "None of the 2 version(s) applied in Supabase's supabase_migrations.schema_migrations"
            + " (versions 20240101120000 to 20240102120000) has a migration file in the"
            + " locations (their files have version 001). Point the locations at this database's"
            + " migrations.",
        noMatch.getMessage());
    assertFalse(Sql.tables(database).contains("pgkeeper_history"));
  }

  @Test
  void waitsForTheMigrationLock() throws Exception {
    existingSchemaAndItsFiles();
    HistoryTable history = new HistoryTable("public", "pgkeeper_history");
    BaselineResult result;
    try (MigrationLock held =
        MigrationLock.acquire(database, history, java.time.Duration.ofSeconds(5), log)) {
      var other =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> baseline().toVersion(Version.parse("2")));
      Thread.sleep(500);
      assertFalse(other.isDone(), "baseline waits while another run holds the lock");
      assertFalse(Sql.tables(database).contains("pgkeeper_history"));
      held.close();
      result = other.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertEquals(2, result.recorded().size());
    assertTrue(log.all().contains("Waiting for the migration lock"), log.all());
  }
}
