package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a Supabase project is recognised and its migrations found; no database needed. */
class SupabaseProjectTest {
  @TempDir Path project;
  private Path migrations;
  private final RecordingLogger log = new RecordingLogger();

  @BeforeEach
  void migrationsFolder() throws IOException {
    migrations = Files.createDirectories(project.resolve("migrations"));
  }

  @Test
  void autoPicksTheCliOrderOnAnySignOfASupabaseProject() throws IOException {
    RecordingLogger quiet = new RecordingLogger();
    List<Path> locations = List.of(migrations);
    assertEquals(
        MigrationOrder.NUMERIC,
        SupabaseProject.order(null, HistoryMode.PGKEEPER, false, project, locations, quiet));
    assertEquals(List.of(), quiet.lines);
    assertEquals(
        MigrationOrder.FILE_NAME,
        SupabaseProject.order(null, HistoryMode.SUPABASE, false, project, locations, log));
    assertEquals(
        MigrationOrder.FILE_NAME,
        SupabaseProject.order(null, HistoryMode.PGKEEPER, true, project, locations, log));
    assertTrue(
        log.all()
            .contains(
                "Migrations run in the Supabase CLI's order, by file name (the database"
                    + " is the Supabase flavour; db.order=numeric runs them by version number)."),
        log.all());

    // The CLI's folder: its config.toml, its migrations folder, or locations inside it.
    Path folder = Files.createDirectories(project.resolve("supabase"));
    assertEquals(
        MigrationOrder.NUMERIC,
        SupabaseProject.order(null, HistoryMode.PGKEEPER, false, project, locations, log));
    Files.writeString(folder.resolve("config.toml"), "project_id = \"app\"\n");
    assertEquals(
        MigrationOrder.FILE_NAME,
        SupabaseProject.order(null, HistoryMode.PGKEEPER, false, project, locations, log));
    Files.delete(folder.resolve("config.toml"));
    Path cli = Files.createDirectories(folder.resolve("sql"));
    assertEquals(
        MigrationOrder.FILE_NAME,
        SupabaseProject.order(null, HistoryMode.PGKEEPER, false, project, List.of(cli), log));

    // An explicit order wins over every sign.
    assertEquals(
        MigrationOrder.NUMERIC,
        SupabaseProject.order(
            MigrationOrder.NUMERIC, HistoryMode.SUPABASE, true, project, List.of(cli), log));
  }

  @Test
  void theOrderSettingAcceptsItsThreeValuesAndNamesThemOtherwise() {
    assertEquals(MigrationOrder.NUMERIC, MigrationOrder.parse("Numeric"));
    assertEquals(MigrationOrder.FILE_NAME, MigrationOrder.parse("filename"));
    assertNull(MigrationOrder.parse("auto"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> MigrationOrder.parse("lexical"));
    assertEquals(
        "Unknown migration order 'lexical': use numeric, filename or auto.", bad.getMessage());
  }

  @Test
  void theCliLayoutIsFoundWhenNoLocationIsConfigured() throws IOException {
    Files.delete(migrations);
    assertEquals(List.of(migrations), SupabaseProject.defaultLocations(project, log));
    assertEquals(List.of(), log.lines);

    Path cli = Files.createDirectories(project.resolve("supabase/migrations"));
    assertEquals(List.of(cli), SupabaseProject.defaultLocations(project, log));
    assertTrue(
        log.all()
            .contains(
                "INFO No <locations> configured and migrations/ does not exist: using"
                    + " supabase/migrations, the Supabase CLI's folder."),
        log.all());

    // Our own folder wins when both exist.
    Files.createDirectories(migrations);
    assertEquals(List.of(migrations), SupabaseProject.defaultLocations(project, log));
  }
}
