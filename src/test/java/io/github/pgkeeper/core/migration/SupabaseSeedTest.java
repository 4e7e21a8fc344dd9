package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Supabase CLI's seed data, loaded after the migrations as supabase db reset loads it. */
class SupabaseSeedTest extends MigrationTestCase {
  private Path supabase;

  @BeforeEach
  void supabaseFolder() throws IOException {
    supabase = Files.createDirectories(project.resolve("supabase"));
    write("20240101000000_people.sql", "CREATE TABLE people (id int PRIMARY KEY, name text);");
    migrator().migrate();
  }

  private void seed(String relative, String sql) throws IOException {
    Path file = supabase.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, sql);
  }

  private List<String> seedFiles() {
    return SupabaseSeed.files(supabase, log).stream()
        .map(p -> project.relativize(p).toString().replace('\\', '/'))
        .toList();
  }

  @Test
  void theDefaultSeedRunsAndIsNotRecordedAsAMigration() throws IOException {
    seed(
        "seed.sql",
        "INSERT INTO people VALUES (1, 'Ada');\nINSERT INTO people VALUES (2, 'Bo');\n");

    SupabaseSeed.run(database, SupabaseSeed.files(supabase, log), project, log);

    assertEquals(List.of("Ada", "Bo"), Sql.column(database, "SELECT name FROM people ORDER BY id"));
    assertEquals("1", Sql.value(database, "SELECT count(*) FROM pgkeeper_history"));
    assertTrue(log.all().contains("INFO Seeding data from supabase/seed.sql"), log.all());
  }

  @Test
  void noSeedFileMeansNothingToSeed() {
    assertEquals(List.of(), seedFiles());
    assertEquals(List.of(), log.warnings());
  }

  @Test
  void configTomlPathsAreGlobsInTheirOrderEachFileOnce() throws IOException {
    Files.writeString(
        supabase.resolve("config.toml"),
        "project_id = \"app\"\n"
            + "[db]\nport = 54322 # not ours\n"
            + "[db.seed]\n"
            + "enabled = true\n"
            + "sql_paths = [\n"
            + "  './seeds/*.sql', # the people first\n"
            + "  \"./extra.sql\",\n"
            + "  \"./seeds/01_people.sql\",\n"
            + "  \"./missing/*.sql\",\n"
            + "]\n"
            + "[db.migrations]\nenabled = true\n");
    seed("seeds/02_more.sql", "INSERT INTO people VALUES (2, 'Bo');");
    seed("seeds/01_people.sql", "INSERT INTO people VALUES (1, 'Ada');");
    seed("extra.sql", "UPDATE people SET name = name || '!';");
    seed("seed.sql", "INSERT INTO people VALUES (9, 'not configured');");

    List<String> files = seedFiles();

    assertEquals(
        List.of("supabase/seeds/01_people.sql", "supabase/seeds/02_more.sql", "supabase/extra.sql"),
        files);
    assertTrue(
        log.warnings()
            .contains(
                "No seed file matches './missing/*.sql' ([db.seed] sql_paths of supabase/config.toml,"
                    + " relative to supabase/)."),
        log.all());
    SupabaseSeed.run(database, SupabaseSeed.files(supabase, log), project, log);
    assertEquals(
        List.of("Ada!", "Bo!"), Sql.column(database, "SELECT name FROM people ORDER BY id"));
  }

  @Test
  void enabledFalseInConfigTomlTurnsTheSeedOff() throws IOException {
    Files.writeString(supabase.resolve("config.toml"), "[db.seed]\nenabled = false\n");
    seed("seed.sql", "INSERT INTO people VALUES (1, 'Ada');");

    assertEquals(List.of(), seedFiles());
    assertTrue(log.all().contains("Not seeding: [db.seed] enabled = false"), log.all());
  }

  @Test
  void aFailingSeedNamesTheFileAndLineAndIsRolledBack() throws IOException {
    seed(
        "seed.sql",
        "INSERT INTO people VALUES (1, 'Ada');\n"
            + "\n"
            + "INSERT INTO people\n"
            + "  VALUES (2, 'Bo', 'too many');\n");

    PgKeeperException failure =
        assertThrows(
            PgKeeperException.class,
            () -> SupabaseSeed.run(database, SupabaseSeed.files(supabase, log), project, log));

    String message = failure.getMessage();
    assertTrue(
        message.startsWith("Seed supabase/seed.sql:4 failed: ERROR: INSERT has more"), message);
    assertTrue(message.contains("[SQLSTATE 42601]"), message);
    assertTrue(message.contains("The seed file was rolled back."), message);
    assertEquals(Setting.SEED, failure.setting().orElseThrow());
    assertEquals("0", Sql.value(database, "SELECT count(*) FROM people"));
  }

  @Test
  void aSeedWithItsOwnTransactionsRunsThemAsWritten() throws IOException {
    seed(
        "seed.sql",
        "BEGIN;\nINSERT INTO people VALUES (1, 'Ada');\nCOMMIT;\n"
            + "INSERT INTO people VALUES (2, 'Bo');\n"
            + "begin;\nSELECT set_config('app.who', 'Cy', true);\n"
            + "INSERT INTO people VALUES (3, current_setting('app.who'));\nend;\n");

    SupabaseSeed.run(database, SupabaseSeed.files(supabase, log), project, log);

    assertEquals(
        List.of("Ada", "Bo", "Cy"), Sql.column(database, "SELECT name FROM people ORDER BY id"));
  }

  @Test
  void aBrokenSqlPathsValueNamesTheFileAndLine() throws IOException {
    Files.writeString(supabase.resolve("config.toml"), "[db.seed]\n\nsql_paths = \"./seed.sql\"\n");

    PgKeeperException failure = assertThrows(PgKeeperException.class, this::seedFiles);

    assertTrue(
        failure
            .getMessage()
            .endsWith(
                "config.toml:3: [db.seed] sql_paths must be an array of"
                    + " strings, such as [\"./seed.sql\"]."),
        failure.getMessage());
  }
}
