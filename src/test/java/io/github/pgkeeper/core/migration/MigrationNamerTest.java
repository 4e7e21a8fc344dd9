package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.testing.RecordingLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationNamerTest {
  /** 2024-05-01T10:15:30Z, seen from Berlin: versions must still be UTC. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-01T10:15:30.750Z"), ZoneId.of("Europe/Berlin"));

  @TempDir Path base;
  private Path migrations;
  private RecordingLogger log;
  private MigrationNamer namer;

  @BeforeEach
  void setUp() {
    migrations = base.resolve("migrations");
    log = new RecordingLogger();
    namer = new MigrationNamer(base, log, CLOCK);
  }

  private void write(String... fileNames) throws IOException {
    Files.createDirectories(migrations);
    for (String name : fileNames) {
      Files.writeString(migrations.resolve(name), "SELECT 1;\n", StandardCharsets.UTF_8);
    }
  }

  private List<MigrationFile> scan() {
    return new MigrationScanner(base, Logger.NONE).scan(List.of(migrations), false).migrations();
  }

  /** Creates a migration after the files given and returns its name. */
  private String next(String... existing) throws IOException {
    write(existing);
    return namer.create(scan(), migrations, "add_bookings").getFileName().toString();
  }

  @Test
  void emptySetGetsUtcTimestampFromTheClock() throws IOException {
    Path file = namer.create(List.of(), migrations, "add bookings");

    assertEquals(migrations.resolve("20240501101530_add_bookings.sql"), file);
    assertEquals(
        "-- Migration 20240501101530: add bookings\n"
            + "-- Created 2024-05-01T10:15:30Z by db:new. Write the change below; it runs in one"
            + " transaction.\n\n",
        Files.readString(file));
    assertEquals(List.of("INFO Created migrations/20240501101530_add_bookings.sql"), log.lines);
  }

  @Test
  void supabaseTimestampsGetTheClocksTimestamp() throws IOException {
    assertEquals(
        "20240501101530_add_bookings.sql",
        next("20240101120000_create_users.sql", "20240102083000_add_orders.sql"));
  }

  @Test
  void timestampOneSecondAfterTheNewestWhenTheClockIsBehind() throws IOException {
    assertEquals(
        "21000101000000_add_bookings.sql",
        next("20240101120000_create_users.sql", "20991231235959_from_the_future.sql"));
  }

  @Test
  void timestampOneSecondAfterTheNewestWhenTheClockEqualsIt() throws IOException {
    assertEquals("20240501101531_add_bookings.sql", next("20240501101530_same_second.sql"));
  }

  @Test
  void numberedSetGetsTheNextNumberPaddedLikeTheNewest() throws IOException {
    write("001_init.sql", "002_users.sql", "003_orders.sql", "004_a.sql", "005_b.sql", "006_c.sql");
    assertEquals(
        "013_add_bookings.sql",
        next("007_d.sql", "008_e.sql", "009_f.sql", "010_g.sql", "011_h.sql", "012_i.sql"));
  }

  @Test
  void paddedNumberGrowsPastItsWidth() throws IOException {
    assertEquals("100_add_bookings.sql", next("098_x.sql", "099_y.sql"));
  }

  @Test
  void unpaddedNumbersStayUnpadded() throws IOException {
    assertEquals("10_add_bookings.sql", next("1_init.sql", "8_x.sql", "9_y.sql"));
  }

  @Test
  void letterSuffixCountsAsItsNumber() throws IOException {
    assertEquals("128_add_bookings.sql", next("126_x.sql", "127_y.sql", "127a_fix.sql"));
  }

  @Test
  void flywaySetGetsTheNextMajorVersion() throws IOException {
    assertEquals("V2__add_bookings.sql", next("V1__init.sql", "V1.1__users.sql", "V1.2__x.sql"));
  }

  @Test
  void flywayWithUnderscoreSeparatedVersion() throws IOException {
    assertEquals("V4__add_bookings.sql", next("V2__init.sql", "V3_1__users.sql"));
  }

  @Test
  void styleFollowsTheNewestFile() throws IOException {
    assertEquals("V13__add_bookings.sql", next("011_old.sql", "V12.1__flyway_now.sql"));
  }

  @Test
  void createdFileScansBackAsTheNewestMigration() throws IOException {
    write("001_init.sql", "002_second.sql");
    namer.create(scan(), migrations, "Add Bookings");

    MigrationFile newest = scan().get(2);
    assertEquals("003", newest.version().toString());
    assertEquals("add bookings", newest.description());
    assertTrue(newest.content().startsWith("-- Migration 003: add bookings\n"));
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Add Bookings-Table! | add_bookings_table",
        "'  add   bookings  ' | add_bookings",
        "add--bookings__now | add_bookings_now",
        "_leading and trailing_ | leading_and_trailing",
        "Café crème | cafe_creme",
        "v2 → index (orders.created_at) | v2_index_orderscreated_at",
        "add_bookings | add_bookings"
      })
  void normalisesTheNameToLowerSnakeCase(String name, String expected) {
    assertEquals("001_" + expected + ".sql", namer.nextFileName(scanOf("000_zero.sql"), name));
  }

  private List<MigrationFile> scanOf(String fileName) {
    try {
      write(fileName);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return scan();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void missingNameIsAnError(String name) {
    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> namer.create(List.of(), migrations, name));

    assertTrue(e.getMessage().contains("needs a name"), e.getMessage());
    assertEquals(Optional.of(Setting.NEW_NAME), e.setting());
    assertTrue(Files.notExists(migrations));
  }

  @Test
  void nameWithoutLettersOrDigitsIsAnError() {
    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> namer.create(List.of(), migrations, "!?-"));

    assertTrue(e.getMessage().contains("'!?-' has no letters or digits"), e.getMessage());
    assertEquals(Optional.of(Setting.NEW_NAME), e.setting());
  }

  @Test
  void refusesToOverwriteAnExistingFile() throws IOException {
    write("001_init.sql");
    List<MigrationFile> scanned = scan();
    // Created after the scan, say by a teammate's db:new a moment earlier.
    Path clash = migrations.resolve("002_add_bookings.sql");
    Files.writeString(clash, "CREATE TABLE bookings ();\n");

    PgKeeperException e =
        assertThrows(
            PgKeeperException.class, () -> namer.create(scanned, migrations, "add bookings"));

    assertEquals(
        "migrations/002_add_bookings.sql already exists and was left as it is. Give the new"
            + " migration another name.",
        e.getMessage());
    assertEquals("CREATE TABLE bookings ();\n", Files.readString(clash));
    assertEquals(List.of(), log.lines);
  }

  @Test
  void createsTheLocationFolder() throws IOException {
    Path nested = base.resolve("src/main/db/migrations");

    Path file = namer.create(List.of(), nested, "init");

    assertTrue(Files.isDirectory(nested));
    assertEquals(nested.resolve("20240501101530_init.sql"), file);
    assertTrue(Files.isRegularFile(file));
    assertEquals(List.of("INFO Created src/main/db/migrations/20240501101530_init.sql"), log.lines);
  }

  @Test
  void locationThatIsAFileIsAnError() throws IOException {
    Files.writeString(migrations, "not a folder");

    PgKeeperException e =
        assertThrows(PgKeeperException.class, () -> namer.create(List.of(), migrations, "init"));

    assertTrue(
        e.getMessage().startsWith("Cannot create the migration folder migrations:"),
        e.getMessage());
    assertEquals(Optional.of(Setting.LOCATIONS), e.setting());
  }
}
