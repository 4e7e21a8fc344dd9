package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.VerifyReport;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An archive in format version 2, written by the code before format 3 (one data part per table,
 * {@code schema.sql} stored uncompressed, indented JSON): the shop of {@link
 * FormatVersion1ArchiveTest} (two migrations, three tables, 221 rows). It still verifies, and
 * restores into an empty database from the schema it stores.
 */
class FormatVersion2ArchiveTest {
  static final Path ARCHIVE = Path.of("src/test/resources/archives/format-2-shop.tar");

  private final RecordingLogger log = new RecordingLogger();

  @Test
  void aVersion2ArchiveStillVerifies() {
    VerifyReport report = ArchiveVerifier.verify(ARCHIVE);

    assertEquals(2, report.header().formatVersion());
    assertEquals(221, report.manifest().rows());
    assertEquals(3, report.manifest().tables().size());
  }

  @Test
  void aVersion2ArchiveRestoresIntoAnEmptyDatabaseFromItsSchema() {
    ConnectionConfig fresh = TestDatabases.freshDatabase();

    RestoreResult result = new Restore(RestoreConfig.of(fresh, ARCHIVE), log).run();

    assertTrue(result.rebuiltSchema());
    assertEquals("002", result.version());
    assertEquals(221, result.rows());
    assertEquals(
        List.of("21", "50", "150"),
        List.of(
            Sql.value(fresh, "SELECT count(*) FROM customers"),
            Sql.value(fresh, "SELECT count(*) FROM orders"),
            Sql.value(fresh, "SELECT count(*) FROM order_lines")));
    assertEquals("1593.75", Sql.value(fresh, "SELECT sum(total) FROM orders"));
    assertEquals("Grüße\ttab", Sql.value(fresh, "SELECT name FROM customers WHERE id = 21"));
    assertEquals(
        List.of("001", "002"),
        Sql.column(fresh, "SELECT version FROM pgkeeper_history ORDER BY installed_rank"));
    assertEquals(
        "orders_by_customer",
        Sql.value(fresh, "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'orders_by%'"));
    assertEquals("22", Sql.value(fresh, "SELECT nextval('customers_id_seq')"));
    assertTrue(log.all().contains("pre-data object(s) from the archive's schema"), log.all());
  }
}
