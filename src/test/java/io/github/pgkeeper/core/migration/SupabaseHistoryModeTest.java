package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In Supabase mode the Supabase CLI's history table is kept as the CLI keeps it. */
class SupabaseHistoryModeTest extends MigrationTestCase {

  @Override
  MigrationConfig config() {
    return super.config().withHistoryMode(HistoryMode.SUPABASE);
  }

  @Test
  void appliedMigrationsAreRecordedAsTheCliRecordsThem() throws IOException {
    write(
        "20240101120000_create_profiles.sql",
        "CREATE TABLE profiles (id uuid PRIMARY KEY);\nCOMMENT ON TABLE profiles IS 'it''s';\n");
    write(
        "20240102090000_add_index.sql",
        "-- db:transaction off\nCREATE INDEX CONCURRENTLY" + " profiles_id ON profiles (id);\n");
    // Blocks of its own: the CLI's row comes with the last segment, every statement listed.
    write(
        "20240103000000_seed.sql",
        "begin;\nINSERT INTO profiles VALUES (gen_random_uuid());\nend;\n"
            + "INSERT INTO profiles VALUES (gen_random_uuid());\n");

    migrator().migrate();

    assertEquals(
        List.of(
            "20240101120000|create_profiles|2",
            "20240102090000|add_index|1",
            "20240103000000|seed|4"),
        Sql.column(
            database,
            "SELECT version || '|' || name || '|' || cardinality(statements)"
                + " FROM supabase_migrations.schema_migrations ORDER BY version"));
    assertEquals(
        "COMMENT ON TABLE profiles IS 'it''s'",
        Sql.value(
            database,
            "SELECT statements[2] FROM supabase_migrations.schema_migrations"
                + " WHERE version = '20240101120000'"));
    assertEquals("3", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE success"));
  }

  @Test
  void whatTheCliAppliedIsNotRunAgainAndStatusAgreesWithIt() throws Exception {
    // The CLI's table as `supabase db push` leaves it, with its migration applied.
    try (Connection connection = Connections.open(database)) {
      SupabaseHistory.ensure(connection);
    }
    Sql.execute(database, "CREATE TABLE profiles (id int)");
    Sql.execute(
        database,
        "INSERT INTO supabase_migrations.schema_migrations (version, name, statements) VALUES"
            + " ('20240101120000', 'create_profiles', ARRAY['CREATE TABLE profiles (id int)']),"
            + " ('20231231000000', 'gone', ARRAY[]::text[])");
    write("20240101120000_create_profiles.sql", "CREATE TABLE profiles (id int);");
    write("20240105000000_add_notes.sql", "CREATE TABLE notes (id int);");

    StatusReport before = migrator().status();
    assertEquals(1, before.inState(MigrationState.APPLIED).size(), before.toString());
    assertEquals(1, before.inState(MigrationState.PENDING).size(), before.toString());

    migrator().migrate();

    assertEquals(
        List.of("20231231000000", "20240101120000", "20240105000000"),
        Sql.column(
            database, "SELECT version FROM supabase_migrations.schema_migrations ORDER BY 1"));
    assertEquals(
        List.of("20240101120000", "20240105000000"),
        Sql.column(database, "SELECT version FROM pgkeeper_history WHERE success ORDER BY 1"));
    assertTrue(
        log.warnings().stream().anyMatch(w -> w.contains("20231231000000")),
        log.warnings()::toString);
  }

  @Test
  void rollbackRemovesTheCliRowInTheSameTransaction() throws IOException {
    write(
        "20240101120000_create_profiles.sql",
        "-- migrate:up\nCREATE TABLE profiles (id int);\n-- migrate:down\nDROP TABLE profiles;\n");
    migrator().migrate();

    new Rollback(config(), log).rollback(1);

    assertEquals(
        "0", Sql.value(database, "SELECT count(*) FROM supabase_migrations.schema_migrations"));
    assertEquals("0", Sql.value(database, "SELECT count(*) FROM pgkeeper_history"));
  }

  @Test
  void theModeIsNamedInTheError() {
    assertEquals(HistoryMode.SUPABASE, HistoryMode.parse(" Supabase "));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> HistoryMode.parse("flyway"));
    assertTrue(error.getMessage().contains("pgkeeper or supabase"), error.getMessage());
  }
}
