package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationScannerTest {

  @TempDir Path base;
  private RecordingLogger log;
  private MigrationScanner scanner;

  @BeforeEach
  void setUp() {
    log = new RecordingLogger();
    scanner = new MigrationScanner(base, log);
  }

  private Path write(String relative, String content) throws IOException {
    Path file = base.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> scripts(Discovery discovery) {
    return discovery.migrations().stream().map(MigrationFile::script).toList();
  }

  @Test
  void findsTopLevelSqlFilesOfSeveralLocationsInVersionOrder() throws IOException {
    write("db/a/010_third.sql", "SELECT 10;");
    write("db/a/001_first.sql", "SELECT 1;");
    write("db/b/002_second.sql", "SELECT 2;");
    write("db/b/20240101120000_timestamped.sql", "SELECT 4;");
    write("db/a/V1.5__between.sql", "SELECT 1.5;");

    Discovery discovery = scanner.scan(List.of(base.resolve("db/a"), base.resolve("db/b")), false);

    assertEquals(
        List.of(
            "001_first.sql",
            "V1.5__between.sql",
            "002_second.sql",
            "010_third.sql",
            "20240101120000_timestamped.sql"),
        scripts(discovery));
    assertEquals(
        List.of("1", "1.5", "2", "10", "20240101120000"),
        discovery.migrations().stream().map(m -> m.version().normalized()).toList());
    assertEquals(List.of(), discovery.unparsableNames());
    assertEquals(List.of(), discovery.ignoredInSubfolders());
    assertEquals(List.of(), log.warnings());
  }

  @Test
  void migrationFileCarriesNameContentAndChecksum() throws IOException {
    Path file = write("db/migration/007_create_users_table.sql", "CREATE TABLE users ();\n");

    MigrationFile migration =
        scanner.scan(List.of(base.resolve("db/migration")), false).migrations().get(0);

    assertEquals("007", migration.version().toString());
    assertEquals("create users table", migration.description());
    assertEquals("007_create_users_table.sql", migration.script());
    assertEquals("db/migration/007_create_users_table.sql", migration.displayPath());
    assertEquals(file.toAbsolutePath().normalize(), migration.path().toAbsolutePath().normalize());
    assertEquals("CREATE TABLE users ();\n", migration.content());
    assertEquals(Checksums.sha256("CREATE TABLE users ();\n"), migration.checksum());
    assertEquals("db/migration/007_create_users_table.sql:3", migration.location(3));
  }

  @Test
  void contentIsNormalisedSoWindowsCheckoutsChecksumTheSame() throws IOException {
    write("unix/001_a.sql", "SELECT 1;\nSELECT 2;\n");
    write("windows/001_a.sql", "\uFEFFSELECT 1;\r\nSELECT 2;\r\n");

    MigrationFile unix = scanner.scan(List.of(base.resolve("unix")), false).migrations().get(0);
    MigrationFile windows =
        scanner.scan(List.of(base.resolve("windows")), false).migrations().get(0);

    assertEquals("SELECT 1;\nSELECT 2;\n", windows.content());
    assertEquals(unix.checksum(), windows.checksum());
  }

  @Test
  void subfoldersAreLeftOutByDefaultAndReported() throws IOException {
    write("db/001_top.sql", "SELECT 1;");
    Path archived = write("db/archive/002_old.sql", "SELECT 2;");
    Path deeper = write("db/archive/2023/003_older.sql", "SELECT 3;");

    Discovery discovery = scanner.scan(List.of(base.resolve("db")), false);

    assertEquals(List.of("001_top.sql"), scripts(discovery));
    assertEquals(2, discovery.ignoredInSubfolders().size());
    assertTrue(discovery.ignoredInSubfolders().contains(archived));
    assertTrue(discovery.ignoredInSubfolders().contains(deeper));
    assertEquals(List.of(), log.warnings(), "files in subfolders are not a problem");
    assertTrue(
        log.debugs().stream().anyMatch(line -> line.contains("2 .sql file(s) in subfolders")),
        log.debugs()::toString);
  }

  @Test
  void recursiveScanIncludesSubfolders() throws IOException {
    write("db/001_top.sql", "SELECT 1;");
    write("db/archive/002_old.sql", "SELECT 2;");
    write("db/archive/2023/003_older.sql", "SELECT 3;");

    Discovery discovery = scanner.scan(List.of(base.resolve("db")), true);

    assertEquals(
        List.of("001_top.sql", "archive/002_old.sql", "archive/2023/003_older.sql"),
        scripts(discovery));
    assertEquals("db/archive/2023/003_older.sql", discovery.migrations().get(2).displayPath());
    assertEquals(List.of(), discovery.ignoredInSubfolders());
  }

  @Test
  void onlySqlFilesAreConsideredAndTheExtensionIsCaseInsensitive() throws IOException {
    write("db/001_a.sql", "SELECT 1;");
    write("db/README.md", "# notes");
    write("db/002_b.sql.bak", "SELECT 2;");
    write("db/notes.txt", "x");
    Files.createDirectories(base.resolve("db/003_folder.sql"));

    Discovery discovery = scanner.scan(List.of(base.resolve("db")), false);

    assertEquals(List.of("001_a.sql"), scripts(discovery));
    assertEquals(List.of(), discovery.unparsableNames());
    assertEquals(List.of(), log.warnings(), "non-SQL files are not worth a warning");
  }

  @Test
  void unparsableNamesAreSkippedWithAWarningNamingTheFile() throws IOException {
    write("db/001_ok.sql", "SELECT 1;");
    Path bad = write("db/create_users.sql", "SELECT 2;");
    Path dashed = write("db/1.5-dashed.sql", "SELECT 3;");

    Discovery discovery = scanner.scan(List.of(base.resolve("db")), false);

    assertEquals(List.of("001_ok.sql"), scripts(discovery));
    assertEquals(List.of(dashed, bad), discovery.unparsableNames());
    assertEquals(2, log.warnings().size(), log.warnings()::toString);
    assertTrue(
        log.warnings().stream()
            .anyMatch(w -> w.contains("db/create_users.sql") && w.startsWith("Skipping")),
        log.warnings()::toString);
    assertTrue(
        log.warnings().stream().anyMatch(w -> w.contains("db/1.5-dashed.sql")),
        log.warnings()::toString);
    assertTrue(
        log.warnings().get(0).contains("NNN_description.sql"), "says what a name looks like");
  }

  @Test
  void missingLocationWarnsAndTheOtherLocationsStillCount() throws IOException {
    write("db/001_a.sql", "SELECT 1;");

    Discovery discovery =
        scanner.scan(List.of(base.resolve("does/not/exist"), base.resolve("db")), false);

    assertEquals(List.of("001_a.sql"), scripts(discovery));
    assertEquals(1, log.warnings().size(), log.warnings()::toString);
    assertTrue(log.warnings().get(0).contains("does/not/exist"), log.warnings().get(0));
    assertTrue(log.warnings().get(0).contains("does not exist"), log.warnings().get(0));
  }

  @Test
  void locationThatIsAFileWarnsToo() throws IOException {
    Path file = write("001_not_a_folder.sql", "SELECT 1;");

    Discovery discovery = scanner.scan(List.of(file), false);

    assertEquals(List.of(), discovery.migrations());
    assertEquals(1, log.warnings().size());
    assertTrue(log.warnings().get(0).contains("001_not_a_folder.sql"), log.warnings().get(0));
  }

  @Test
  void noLocationsFindNothing() {
    Discovery discovery = scanner.scan(List.of(), false);
    assertEquals(List.of(), discovery.migrations());
    assertEquals(List.of(), log.warnings());
  }

  @Test
  void invalidUtf8ThrowsNamingTheFile() throws IOException {
    Path dir = Files.createDirectories(base.resolve("db"));
    Files.write(dir.resolve("001_latin1.sql"), new byte[] {'S', 'E', 'L', (byte) 0xE9, ';'});

    PgKeeperException e =
        assertThrows(
            PgKeeperException.class, () -> scanner.scan(List.of(base.resolve("db")), false));

    assertTrue(e.getMessage().contains("db/001_latin1.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void relativeLocationsAreResolvedAndDisplayedRelativeToTheBase() throws IOException {
    write("db/001_a.sql", "SELECT 1;");
    Path messy = base.resolve("db/../db/./");

    MigrationFile migration = scanner.scan(List.of(messy), false).migrations().get(0);

    assertEquals("db/001_a.sql", migration.displayPath());
    assertEquals("001_a.sql", migration.script());
  }

  @Test
  void filesOutsideTheBaseAreShownWithTheirAbsolutePath(@TempDir Path elsewhere)
      throws IOException {
    Path file = elsewhere.resolve("001_a.sql");
    Files.writeString(file, "SELECT 1;");

    MigrationFile migration = scanner.scan(List.of(elsewhere), false).migrations().get(0);

    assertEquals(file.toAbsolutePath().normalize().toString(), migration.displayPath());
    assertEquals("001_a.sql", migration.script());
  }

  @Test
  void uniqueVersionsPassThrough() throws IOException {
    write("db/001_a.sql", "SELECT 1;");
    write("db/002_b.sql", "SELECT 2;");

    Discovery discovery = scanner.scan(List.of(base.resolve("db")), false);

    assertEquals(Map.of(), discovery.duplicateVersions());
    assertSame(discovery.migrations(), discovery.requireUniqueVersions());
  }

  @Test
  void numericallyEqualVersionsAreDuplicatesNamingBothFiles() throws IOException {
    write("db/005_a.sql", "SELECT 1;");
    write("db/5_b.sql", "SELECT 2;");
    write("db/006_c.sql", "SELECT 3;");

    Discovery discovery = scanner.scan(List.of(base.resolve("db")), false);

    Map<Version, List<MigrationFile>> duplicates = discovery.duplicateVersions();
    assertEquals(1, duplicates.size());
    assertEquals(
        List.of("005_a.sql", "5_b.sql"),
        duplicates.get(Version.parse("5")).stream().map(MigrationFile::script).toList());

    PgKeeperException e = assertThrows(PgKeeperException.class, discovery::requireUniqueVersions);
    assertTrue(e.getMessage().contains("db/005_a.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("db/5_b.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("version 5:"), e.getMessage());
    assertFalse(e.getMessage().contains("006_c.sql"), e.getMessage());
    assertEquals(Optional.of(Setting.LOCATIONS), e.setting());
  }

  @Test
  void duplicatesAcrossLocationsAndFormsAreFound() throws IOException {
    write("one/V1_2__a.sql", "SELECT 1;");
    write("two/1.2.0_b.sql", "SELECT 2;"); // not a valid name: dotted versions need V
    write("two/V1.2.0__c.sql", "SELECT 3;");

    Discovery discovery = scanner.scan(List.of(base.resolve("one"), base.resolve("two")), false);

    PgKeeperException e = assertThrows(PgKeeperException.class, discovery::requireUniqueVersions);
    assertTrue(e.getMessage().contains("one/V1_2__a.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("two/V1.2.0__c.sql"), e.getMessage());
    assertTrue(e.getMessage().contains("version 1.2:"), e.getMessage());
    assertEquals(1, discovery.unparsableNames().size());
  }

  @Test
  void equalVersionsAreOrderedByPathSoScansAreStable() throws IOException {
    write("db/5_b.sql", "SELECT 2;");
    write("db/005_a.sql", "SELECT 1;");

    List<String> first = scripts(scanner.scan(List.of(base.resolve("db")), false));
    List<String> second = scripts(scanner.scan(List.of(base.resolve("db")), false));

    assertEquals(List.of("005_a.sql", "5_b.sql"), first);
    assertEquals(first, second);
  }
}
