package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.ManifestEntry;
import io.github.pgkeeper.core.archive.PackedRange;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many small tables, as schema-per-tenant databases have them, share packed parts (format 3), and
 * come back row for row; a table larger than a part keeps parts of its own, an empty table has
 * none. Parts of 16 KiB keep the test small: the source's samples table (about 200 kB of COPY text)
 * is larger than a part, the 40 small tables fill several packed parts.
 */
class PackedTablesRoundTripTest extends RestoreTestCase {
  private static final int SMALL_TABLES = 40;
  private static final int PART_BYTES = 16 * 1024;

  @BeforeEach
  void addSmallTables() {
    StringBuilder sql = new StringBuilder("CREATE TABLE nothing (id int PRIMARY KEY);\n");
    for (int i = 1; i <= SMALL_TABLES; i++) {
      sql.append("CREATE TABLE small_")
          .append(i)
          .append(" (id bigint PRIMARY KEY, name text, at timestamptz);\n")
          .append("INSERT INTO small_")
          .append(i)
          .append(" SELECT g, E'tenant ")
          .append(i)
          .append(" \\t row ' || g || E'\\n', now() - g * interval '1 day'")
          .append(" FROM generate_series(1, ")
          .append(5 + i % 30)
          .append(") g;\n");
    }
    Sql.execute(source, sql.toString());
  }

  private Path packedBackup() {
    BackupConfig config =
        BackupConfig.of(source, project.resolve("backups"))
            .withMigrations(List.of(migrations), false, "public", "pgkeeper_history")
            .withPartBytes(PART_BYTES)
            .withJobs(2);
    return new Backup(config, log).run().file();
  }

  /**
   * Thousands of small tables would otherwise cost a formatted line each, built only to be thrown
   * away when debug is off; the packed part's own line stays.
   */
  @Test
  void smallTablesLinesAreNotBuiltWhenDebugIsOff() {
    RecordingLogger quiet =
        new RecordingLogger() {
          @Override
          public boolean debugEnabled() {
            return false;
          }
        };
    BackupConfig config =
        BackupConfig.of(source, project.resolve("backups"))
            .withMigrations(List.of(migrations), false, "public", "pgkeeper_history")
            .withPartBytes(PART_BYTES)
            .withJobs(2);
    new Backup(config, quiet).run();

    assertTrue(quiet.all().contains("small tables packed into one part"), quiet.all());
    assertTrue(
        quiet.lines.stream().noneMatch(line -> line.contains("packed with other tables")),
        quiet.all());

    new Backup(config, log).run();
    assertTrue(log.debugs().stream().anyMatch(line -> line.contains("packed with other tables")));
  }

  @Test
  void smallTablesSharePackedPartsAndRestoreWithIdenticalRows() throws Exception {
    Path archive = packedBackup();

    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      List<ManifestEntry> packed =
          reader.manifest().entries().stream().filter(ManifestEntry::isPacked).toList();
      assertTrue(packed.size() >= 2, "several packed parts: " + reader.entryNames());
      Set<String> packedTables = new HashSet<>();
      packed.forEach(p -> p.ranges().stream().map(PackedRange::table).forEach(packedTables::add));
      for (int i = 1; i <= SMALL_TABLES; i++) {
        assertTrue(packedTables.contains(id(reader, "small_" + i)), "small_" + i + " is packed");
      }
      String samples = id(reader, "samples");
      assertTrue(reader.manifest().parts(samples).size() >= 2, "samples has parts of its own");
      assertTrue(!packedTables.contains(samples));
      assertEquals(0, reader.manifest().totals(id(reader, "nothing")).orElseThrow().parts());
      assertTrue(
          packed.stream().allMatch(p -> p.rawBytes() <= PART_BYTES), "no packed part over a part");
    }
    ArchiveVerifier.verify(archive);

    ConnectionConfig fresh = ownedDatabase();
    restore(restoreConfig(fresh, archive));

    assertEquals(DatabaseSnapshot.of(source), DatabaseSnapshot.of(fresh));
  }

  @Test
  void aSelectedTableIsRestoredOutOfItsPackedPart() {
    Map<String, String> original = DatabaseSnapshot.rows(source);
    Path archive = packedBackup();
    Sql.execute(
        source,
        "DELETE FROM small_17 WHERE id > 3; UPDATE small_18 SET name = 'changed';"
            + " INSERT INTO small_17 VALUES (1000, 'after the backup', now())");
    Map<String, String> changed = DatabaseSnapshot.rows(source);
    assertNotEquals(original.get("small_17"), changed.get("small_17"));

    restore(restoreConfig(source, archive).withClean(true).withTables(List.of("small_17")));

    Map<String, String> now = DatabaseSnapshot.rows(source);
    assertEquals(original.get("small_17"), now.get("small_17"));
    assertEquals(changed.get("small_18"), now.get("small_18"), "not restored");
  }

  @Test
  void aDamagedPackedPartFailsTheRestoreNamingItsTables() throws Exception {
    Path archive = packedBackup();
    String part = ArchiveDamage.partOf(archive, "small_9");
    assertTrue(part.startsWith("data/packed/"), part);
    Path damaged = ArchiveDamage.flipByteInPartOf(archive, "small_9", project.resolve("bad.tar"));
    ConnectionConfig fresh = ownedDatabase();

    ArchiveCorruptException refused =
        assertThrows(ArchiveCorruptException.class, () -> restore(restoreConfig(fresh, damaged)));

    // The table being loaded when the part turned out damaged is named first (which one that is
    // depends on the load order), then the part's other tables.
    assertTrue(
        refused.getMessage().contains("entry " + part + ", which holds the rows of tables public."),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("rolled back"), refused.getMessage());
    assertEquals(List.of(), Sql.tables(fresh));
  }

  private static String id(ArchiveReader reader, String name) {
    return reader.header().tables().stream()
        .filter(t -> t.name().equals(name))
        .map(TableInfo::id)
        .findFirst()
        .orElseThrow();
  }
}
