package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A setting one migration changes for its session never reaches the next migration. */
class SessionHygieneTest extends MigrationTestCase {

  @Test
  void anEmptiedSearchPathDoesNotLeakIntoTheNextMigration() throws IOException {
    // As pg_dump output starts: the search_path emptied for the rest of the session.
    write(
        "001_dump.sql",
        """
        SELECT pg_catalog.set_config('search_path', '', false);
        SET statement_timeout = 0;
        CREATE TABLE public.accounts (id int);
        """);
    write("002_relies_on_search_path.sql", "CREATE TABLE notes (account_id int);");

    migrator().migrate();

    assertEquals("2", Sql.value(database, "SELECT count(*) FROM pgkeeper_history WHERE success"));
    assertEquals(
        "public",
        Sql.value(
            database,
            "SELECT relnamespace::regnamespace::text" + " FROM pg_class WHERE relname = 'notes'"));
  }

  @Test
  void aRoleAndATimeZoneSetByOneMigrationAreGoneInTheNext() throws IOException {
    write(
        "001_role.sql",
        """
        CREATE ROLE hygiene_app NOLOGIN;
        GRANT CREATE ON SCHEMA public TO hygiene_app;
        SET ROLE hygiene_app;
        SET TIME ZONE 'Pacific/Auckland';
        CREATE TABLE owned_by_app (id int);
        """);
    write(
        "002_who.sql",
        """
        CREATE TABLE seen AS SELECT current_user::text AS who, current_setting('TimeZone') AS tz;
        """);
    write(
        "003_no_transaction.sql",
        """
        -- db:transaction off
        CREATE TABLE seen_outside AS SELECT current_user::text AS who;
        """);

    migrator().migrate();

    assertEquals(
        "hygiene_app",
        Sql.value(database, "SELECT tableowner FROM pg_tables WHERE tablename = 'owned_by_app'"));
    String connectedAs = Sql.value(database, "SELECT current_user");
    assertEquals(connectedAs, Sql.value(database, "SELECT who FROM seen"));
    assertEquals(connectedAs, Sql.value(database, "SELECT who FROM seen_outside"));
    String tz = Sql.value(database, "SELECT tz FROM seen");
    assertEquals(false, tz.equals("Pacific/Auckland"), tz);
  }
}
