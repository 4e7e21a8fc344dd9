package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The engine against a real PostgreSQL: a fresh database per test. */
class MigratorTest extends MigrationTestCase {
  private Map<String, MigrationState> states(StatusReport report) {
    return report.migrations().stream()
        .collect(Collectors.toMap(m -> m.version().toString(), MigrationStatus::state));
  }

  @Test
  void appliesAllInVersionOrderAndARerunIsANoOp() throws IOException {
    write("2_add_email.sql", "ALTER TABLE people ADD COLUMN email text;");
    write("1_people.sql", "CREATE TABLE people (id int PRIMARY KEY, name text);");
    write("10_seed.sql", "INSERT INTO people VALUES (1, 'Ada', 'ada@example.com');");

    MigrateResult first = migrator().migrate();

    assertEquals(
        List.of("1", "2", "10"),
        first.applied().stream().map(f -> f.version().toString()).toList());
    assertEquals("10", first.currentVersion().orElseThrow().toString());
    assertEquals("ada@example.com", Sql.value(database, "SELECT email FROM people"));
    assertEquals(
        List.of("1|people|true", "2|add email|true", "10|seed|true"),
        Sql.column(
            database,
            "SELECT version || '|' || description || '|' || success FROM pgkeeper_history"
                + " ORDER BY installed_rank"));

    MigrateResult second = migrator().migrate();

    assertTrue(second.applied().isEmpty());
    assertEquals("3", Sql.value(database, "SELECT count(*) FROM pgkeeper_history"));
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM people"));
    assertTrue(log.all().contains("up to date at version 10"), log.all());
  }

  @Test
  void historyRowsRecordWhoWhenAndHowLong() throws IOException {
    write("1_t.sql", "CREATE TABLE t (id int);");
    migrator().migrate();
    String row =
        Sql.value(
            database,
            "SELECT script || '|' || installed_by || '|' || (installed_at > now() - interval '1"
                + " minute') || '|' || (execution_time_ms >= 0) || '|' || length(checksum) FROM"
                + " pgkeeper_history");
    assertEquals("1_t.sql|postgres|true|true|64", row);
  }

  @Test
  void aFailureInMigrationKKeepsTheEarlierOnesAndRollsBackK() throws IOException {
    write("001_one.sql", "CREATE TABLE one (id int);");
    write("002_two.sql", "CREATE TABLE two (id int);");
    write(
        "003_three.sql",
        "CREATE TABLE three (id int);\n"
            + "INSERT INTO three VALUES (1);\n"
            + "\n"
            + "-- the typo below is on line 5\n"
            + "INSERT INTO thre VALUES (2);\n");
    write("004_four.sql", "CREATE TABLE four (id int);");

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals(5, failure.line());
    assertEquals("42P01", failure.sqlState());
    String message = failure.getMessage();
    assertTrue(message.contains("migrations/003_three.sql:5"), message);
    assertTrue(message.contains("relation \"thre\" does not exist"), message);
    assertTrue(message.contains("SQLSTATE 42P01"), message);
    assertTrue(message.contains("rolled back"), message);
    assertEquals(List.of("one", "pgkeeper_history", "two"), Sql.tables(database));
    assertEquals(
        List.of("001|true", "002|true", "003|false"),
        Sql.column(
            database,
            "SELECT version || '|' || success FROM pgkeeper_history ORDER BY installed_rank"));

    StatusReport status = migrator().status();
    assertEquals(MigrationState.FAILED, states(status).get("003"));
    assertEquals(MigrationState.PENDING, states(status).get("004"));

    write(
        "003_three.sql",
        "CREATE TABLE three (id int);\nINSERT INTO three VALUES (1);\nINSERT INTO three VALUES"
            + " (2);\n");
    MigrateResult retry = migrator().migrate();

    assertEquals(2, retry.applied().size());
    assertEquals("2", Sql.value(database, "SELECT count(*) FROM three"));
    assertEquals(
        "0", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE NOT success"));
    assertTrue(log.all().contains("Retrying 003"), log.all());
  }

  @Test
  void theErrorLineIsTheExactLineInsideAMultiLineStatement() throws IOException {
    write(
        "1_bad.sql",
        "-- header\n"
            + "CREATE TABLE ok (id int);\n"
            + "CREATE TABLE broken (\n"
            + "  id int,\n"
            + "  amount numberic\n"
            + ");\n");
    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());
    assertEquals(5, failure.line());
    assertTrue(failure.getMessage().contains("1_bad.sql:5"), failure.getMessage());
    assertTrue(failure.getMessage().contains("type \"numberic\" does not exist"));
    assertEquals(List.of("pgkeeper_history"), Sql.tables(database));
  }

  @Test
  void aFileWrappedInBeginCommitRunsAsOneTransactionWithItsHistoryRow() throws IOException {
    write("1_ok.sql", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n");
    write("2_fails.sql", "BEGIN;\nCREATE TABLE b (id int);\nSELECT 1/0;\nCOMMIT;\n");

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals(3, failure.line());
    assertEquals("22012", failure.sqlState());
    assertEquals(List.of("a", "pgkeeper_history"), Sql.tables(database));
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE success"));
  }

  /**
   * A Supabase-style file: blocks mid-file, several of them, statements after a COMMIT, begin/end
   * spelling, and BEGIN/END inside function bodies, a DO block, CASE and BEGIN ATOMIC, which are no
   * blocks. Each explicit block is one transaction, with its BEGIN options.
   */
  @Test
  void aFileWithItsOwnTransactionBlocksRunsEachAsWrittenAndEndsAsTheSupabaseCliLeavesIt()
      throws IOException {
    write(
        "1_profiles.sql",
        """
        create table profiles (id int primary key, note text);
        begin;
          create function touch() returns trigger language plpgsql as $$
          begin
            new.note := coalesce(new.note, 'touched');
            return new;
          end;
          $$;
          create trigger profiles_touch before insert on profiles
            for each row execute function touch();
        end;
        do $$ begin
          insert into profiles (id) values (1);
        end $$;
        create function sign_of(x int) returns int language sql
        begin atomic
          select case when x > 0 then 1 else 0 end;
        end;
        BEGIN ISOLATION LEVEL SERIALIZABLE;
        create table levels (n int, level text);
        insert into levels values (1, current_setting('transaction_isolation'));
        COMMIT AND CHAIN;
        insert into levels values (2, current_setting('transaction_isolation'));
        COMMIT WORK;
        START TRANSACTION;
        insert into profiles (id) values (2);
        END TRANSACTION;
        insert into levels values (3, current_setting('transaction_isolation'));
        """);

    migrator().migrate();

    assertEquals(
        List.of("1 touched", "2 touched"),
        Sql.column(database, "SELECT id || ' ' || note FROM profiles ORDER BY id"));
    assertEquals("1", Sql.value(database, "SELECT sign_of(5)"));
    assertEquals(
        List.of("serializable", "serializable", "read committed"),
        Sql.column(database, "SELECT level FROM levels ORDER BY n"),
        "the BEGIN's isolation level holds in its block and the one COMMIT AND CHAIN opens");
    assertEquals(MigrationState.APPLIED, status("1").state());
    assertTrue(log.all().contains("in 7 segments as its BEGIN/COMMIT blocks say"), log.all());
    assertEquals(
        "17|17|true",
        Sql.value(
            database,
            "SELECT statement_count || '|' || statements_applied || '|' || success"
                + " FROM pgkeeper_history WHERE version = '1'"));
  }

  @Test
  void aFileWrappedInOneBeginWithAnIsolationLevelRunsInOneTransactionAtThatLevel()
      throws IOException {
    write(
        "1_levels.sql",
        "BEGIN ISOLATION LEVEL REPEATABLE READ;\n"
            + "CREATE TABLE levels AS SELECT current_setting('transaction_isolation') AS level;\n"
            + "COMMIT;\n");
    write(
        "2_fails.sql",
        "START TRANSACTION READ WRITE;\nCREATE TABLE b (id int);\nSELECT 1/0;\nCOMMIT;\n");

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    assertEquals("repeatable read", Sql.value(database, "SELECT level FROM levels"));
    assertEquals(MigrationState.APPLIED, status("1").state());
    assertEquals(3, failure.line());
    assertEquals(List.of("levels", "pgkeeper_history"), Sql.tables(database), "b rolled back");
    assertTrue(failure.getMessage().contains("nothing of it was applied"), failure.getMessage());
  }

  @Test
  void aFailureInABlockKeepsTheCommittedSegmentsRecordedAndTheNextRunResumesAtTheBlock()
      throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    String committed =
        """
        create table steps (step text);
        insert into steps values ('one');
        begin;
        insert into steps values ('two');
        commit;
        """;
    write(
        "2_steps.sql",
        committed
            + """
            begin;
            insert into steps values ('three');
            insert into missing values (1);
            commit;
            insert into steps values ('four');
            """);

    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator().migrate());

    String message = failure.getMessage();
    assertEquals(8, failure.line());
    assertTrue(message.contains("migrations/2_steps.sql:8 (segment 3 of 4)"), message);
    assertTrue(message.contains("segments 1 to 2 of 4 are applied and recorded"), message);
    assertTrue(message.contains("resumes at segment 3 (line 6)"), message);
    assertEquals(List.of("one", "two"), Sql.column(database, "SELECT step FROM steps"));
    assertEquals("partly applied: 2 of 4 segments committed", status("2").stateText());

    // Fix the failed block only: the run resumes there and does not create steps again.
    write(
        "2_steps.sql",
        committed
            + """
            begin;
            insert into steps values ('three');
            insert into steps values ('fixed');
            commit;
            insert into steps values ('four');
            """);
    migrator().migrate();

    assertTrue(log.all().contains("Resuming 2 at segment 3 of 4 (line 6)"), log.all());
    assertEquals(
        List.of("one", "two", "three", "fixed", "four"),
        Sql.column(database, "SELECT step FROM steps"));
    assertEquals(MigrationState.APPLIED, status("2").state());
    assertEquals(
        "1", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE version = '2'"));
  }

  @Test
  void aRollbackOfTheFilesOwnWorkOrConcurrentlyInsideABlockIsRefusedBeforeAnythingRuns()
      throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write("2_b.sql", "CREATE TABLE b (id int);\nBEGIN;\nINSERT INTO b VALUES (1);\nROLLBACK;\n");

    MigrationScriptException failure =
        assertThrows(MigrationScriptException.class, () -> migrator().migrate());

    assertTrue(
        failure.getMessage().startsWith("migrations/2_b.sql:4:1: ROLLBACK undoes the file's own"),
        failure.getMessage());
    assertEquals(List.of("pgkeeper_history"), Sql.tables(database));

    // So is a statement PostgreSQL refuses inside the file's own block.
    write("2_b.sql", "BEGIN;\nCREATE INDEX CONCURRENTLY a_id ON a (id);\nCOMMIT;\n");
    MigrationScriptException concurrently =
        assertThrows(MigrationScriptException.class, () -> migrator().migrate());
    assertTrue(
        concurrently
            .getMessage()
            .startsWith(
                "migrations/2_b.sql:2:1: CREATE INDEX CONCURRENTLY cannot run inside the"
                    + " transaction block opened at line 1"),
        concurrently.getMessage());
    assertEquals(List.of("pgkeeper_history"), Sql.tables(database));
  }

  @Test
  void aDryRunOfAFileWithBlocksShowsEachSegmentWithItsHistoryWrite() throws IOException {
    write("1_a.sql", "create table a (id int);\nbegin;\ninsert into a values (1);\nend;\n");

    String sql = migrator().dryRun();

    assertTrue(sql.contains("runs as 2 segments"), sql);
    assertTrue(
        sql.contains(
            "-- Segment 1 of 2: the statements outside a block at line 1, run in one transaction\n"
                + "BEGIN;\ncreate table a (id int);\nSET LOCAL ROLE NONE;\n"
                + "UPDATE \"public\".\"pgkeeper_history\" SET statements_applied = 1,"),
        sql);
    assertTrue(
        sql.contains(
            "-- Segment 2 of 2: the transaction block at lines 2 to 4\n"
                + "begin;\ninsert into a values (1);\nSET LOCAL ROLE NONE;\n"
                + "UPDATE \"public\".\"pgkeeper_history\" SET statements_applied = 4,"),
        sql);
    assertTrue(sql.contains("SET success = true WHERE installed_rank = <rank>;\nend;\n"), sql);
    assertEquals(List.of(), Sql.tables(database), "a dry run changes nothing");
  }

  @Test
  void aLexicalErrorInAPendingFileStopsTheRunBeforeAnyChange() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write(
        "2_b.sql",
        "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$\nBEGIN\n  RETURN 1;\nEND;\n");

    MigrationScriptException failure =
        assertThrows(MigrationScriptException.class, () -> migrator().migrate());

    assertEquals(1, failure.line());
    assertTrue(failure.getMessage().contains("migrations/2_b.sql:1:"), failure.getMessage());
    assertTrue(failure.getMessage().contains("$body$"), failure.getMessage());
    assertEquals(List.of("pgkeeper_history"), Sql.tables(database));
  }

  @Test
  void runsTheLexicalFormsPostgresAccepts() throws IOException {
    write(
        "1_forms.sql",
        "CREATE TABLE notes (id int, body text);\n"
            + "/* a /* nested */ comment; with a semicolon */\n"
            + "INSERT INTO notes VALUES (1, 'it''s; fine'), (2, E'back\\\\slash\\'s'),"
            + " (3, U&'d\\0061t\\+000061'), (4, $$dollar; quoted$$), (5, $q$with $$ inside$q$);\n"
            + "CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql\n"
            + "BEGIN ATOMIC\n"
            + "  SELECT CASE WHEN x IS NULL THEN NULL ELSE x + 1 END;\n"
            + "END;\n"
            + "CREATE FUNCTION twice(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2';\n"
            + "DO $do$ BEGIN INSERT INTO notes VALUES (6, 'from do'); END $do$;\n"
            + "INSERT INTO notes VALUES (add_one(twice(3)), 'computed')");

    migrator().migrate();

    assertEquals(
        List.of(
            "1:it's; fine",
            "2:back\\slash's",
            "3:data",
            "4:dollar; quoted",
            "5:with $$ inside",
            "6:from do",
            "7:computed"),
        Sql.column(database, "SELECT id || ':' || body FROM notes ORDER BY id"));
  }

  @Test
  void statusShowsEveryState() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write("2_b.sql", "CREATE TABLE b (id int);");
    write("3_c.sql", "CREATE TABLE c (id int);");
    write("5_e.sql", "CREATE TABLE e (id int);");
    migrator().migrate();

    write("2_b.sql", "CREATE TABLE b (id bigint);"); // edited after it was applied
    Files.delete(migrations.resolve("3_c.sql")); // applied, then deleted
    write("4_d.sql", "CREATE TABLE d (id int);"); // older than the newest applied (5)
    write("6_f.sql", "SELECT 1/0;"); // will fail
    write("7_g.sql", "CREATE TABLE g (id int);"); // pending
    assertThrows(
        MigrationFailedException.class,
        () ->
            new Migrator(config().withOutOfOrder(true).withValidateOnMigrate(false), log)
                .migrate());

    StatusReport status = migrator().status();

    assertEquals(
        Map.of(
            "1", MigrationState.APPLIED,
            "2", MigrationState.CHECKSUM_CHANGED,
            "3", MigrationState.MISSING_FILE,
            "4", MigrationState.APPLIED,
            "5", MigrationState.APPLIED,
            "6", MigrationState.FAILED,
            "7", MigrationState.PENDING),
        states(status));
    assertEquals("5", status.currentVersion().orElseThrow().toString());
    MigrationStatus applied = status.migrations().get(0);
    assertTrue(applied.installedAt() != null && applied.executionTimeMillis() != null);
    assertNull(status.migrations().get(6).installedAt());
    assertEquals(
        "7 migrations: 3 applied, 1 pending, 1 failed, 1 applied, file missing, 1 checksum changed."
            + " Current version: 5.",
        status.summary());
  }

  @Test
  void aPendingMigrationOlderThanTheNewestAppliedIsRefusedUnlessAllowed() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write("3_c.sql", "CREATE TABLE c (id int);");
    migrator().migrate();
    write("2_b.sql", "CREATE TABLE b (id int);");

    assertEquals(MigrationState.OUT_OF_ORDER, states(migrator().status()).get("2"));
    PgKeeperException refused = assertThrows(PgKeeperException.class, () -> migrator().migrate());
    assertEquals(Setting.OUT_OF_ORDER, refused.setting().orElseThrow());
    assertTrue(refused.getMessage().contains("migrations/2_b.sql"), refused.getMessage());
    assertFalse(Sql.tables(database).contains("b"));

    MigrateResult allowed = new Migrator(config().withOutOfOrder(true), log).migrate();
    assertEquals(1, allowed.applied().size());
    assertEquals("3", allowed.currentVersion().orElseThrow().toString());
    assertTrue(Sql.tables(database).contains("b"));
  }

  @Test
  void migrateRefusesWhenAnAppliedFileChangedOrDisappeared() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write("2_b.sql", "CREATE TABLE b (id int);");
    migrator().migrate();
    write("1_a.sql", "CREATE TABLE a (id int, extra text);");
    Files.delete(migrations.resolve("2_b.sql"));
    write("3_c.sql", "CREATE TABLE c (id int);");

    PgKeeperException refused = assertThrows(PgKeeperException.class, () -> migrator().migrate());

    assertEquals(Setting.VALIDATE_ON_MIGRATE, refused.setting().orElseThrow());
    assertTrue(
        refused.getMessage().contains("1 migrations/1_a.sql: checksum changed"),
        refused.getMessage());
    assertTrue(
        refused.getMessage().contains("2 2_b.sql: applied, file missing"), refused.getMessage());
    assertFalse(Sql.tables(database).contains("c"));

    new Migrator(config().withValidateOnMigrate(false), log).migrate();
    assertTrue(Sql.tables(database).contains("c"));
  }

  @Test
  void aWindowsCheckoutWithCrlfAndABomDoesNotChangeTheChecksum() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
    migrator().migrate();
    write("1_a.sql", "\uFEFFCREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");

    assertEquals(MigrationState.APPLIED, states(migrator().status()).get("1"));
  }

  @Test
  void targetStopsAtTheGivenVersion() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    write("2_b.sql", "CREATE TABLE b (id int);");
    write("3_c.sql", "CREATE TABLE c (id int);");

    MigrateResult result = new Migrator(config().withTarget(Version.parse("2")), log).migrate();

    assertEquals("2", result.currentVersion().orElseThrow().toString());
    assertEquals(List.of("a", "b", "pgkeeper_history"), Sql.tables(database));
    assertEquals(MigrationState.PENDING, states(migrator().status()).get("3"));
  }

  @Test
  void theHistoryTableCanLiveInAnotherSchemaUnderAnotherName() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    MigrationConfig custom =
        new MigrationConfig(
            database,
            List.of(migrations),
            false,
            project,
            "ops",
            "Schema History",
            null,
            false,
            true,
            Timeouts.DEFAULTS,
            HistoryMode.PGKEEPER);

    new Migrator(custom, log).migrate();

    assertEquals("1", Sql.value(database, "SELECT count(*) FROM ops.\"Schema History\""));
    assertEquals(
        "0",
        Sql.value(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'pgkeeper_history'"));
    assertEquals(MigrationState.APPLIED, states(new Migrator(custom, log).status()).get("1"));
  }

  @Test
  void statusOnADatabaseWithoutHistoryShowsAllPendingAndChangesNothing() throws IOException {
    write("1_a.sql", "CREATE TABLE a (id int);");
    StatusReport report = migrator().status();
    assertEquals(MigrationState.PENDING, states(report).get("1"));
    assertTrue(report.currentVersion().isEmpty());
    assertEquals(List.of(), Sql.tables(database));
  }

  @Test
  void duplicateVersionsAreRefusedNamingBothFiles() throws IOException {
    write("005_a.sql", "CREATE TABLE a (id int);");
    write("5_b.sql", "CREATE TABLE b (id int);");
    PgKeeperException refused = assertThrows(PgKeeperException.class, () -> migrator().migrate());
    assertTrue(
        refused.getMessage().contains("migrations/005_a.sql, migrations/5_b.sql"),
        refused.getMessage());
    assertEquals(List.of(), Sql.tables(database));
  }

  @Test
  void theSampleSetAppliesCleanlyAndTwiceIsANoOp() {
    Path sample = Path.of("migrations").toAbsolutePath();
    MigrationConfig config = MigrationConfig.of(database, List.of(sample), sample.getParent());

    MigrateResult result = new Migrator(config, log).migrate();

    assertTrue(result.applied().size() >= 10, "applied " + result.applied().size());
    assertTrue(Sql.tables(database).containsAll(List.of("users", "projects", "tasks", "comments")));
    assertEquals("3", Sql.value(database, "SELECT count(*) FROM tasks"));
    assertEquals("2", Sql.value(database, "SELECT open_task_count(id) FROM projects"));
    assertTrue(new Migrator(config, log).migrate().applied().isEmpty());
    assertFalse(Sql.tables(database).contains("legacy_settings"), "archive/ is not scanned");
  }
}
