package io.github.pgkeeper.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.PostgresBinaries;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * db:diff end to end on real PostgreSQL: migrations applied to a live database, changed there by
 * hand, compared with the schema the migration files produce on a shadow database.
 */
class DriftTest {
  static final String BASE =
      "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
          + " total numeric(10,2) NOT NULL, note text);\n"
          + "CREATE INDEX orders_total ON orders (total);\n"
          + "CREATE SEQUENCE invoice_numbers;\n"
          + "CREATE FUNCTION tax(n numeric) RETURNS numeric LANGUAGE sql AS 'SELECT n * 0.2';\n";

  static final String DRIFT =
      "CREATE TABLE handmade (id int PRIMARY KEY, label text);\n"
          + "INSERT INTO handmade VALUES (1, 'a');\n"
          + "ALTER TABLE orders ADD COLUMN shipped boolean DEFAULT false;\n"
          + "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n"
          + "ALTER TABLE orders DROP COLUMN note;\n"
          + "CREATE INDEX orders_shipped ON orders (shipped);\n"
          + "DROP INDEX orders_total;\n"
          + "ALTER SEQUENCE invoice_numbers INCREMENT BY 10;\n";

  @TempDir Path project;

  private Path migrations() throws IOException {
    return Files.createDirectories(project.resolve("migrations"));
  }

  private MigrationConfig config(ConnectionConfig database) throws IOException {
    return MigrationConfig.of(database, List.of(migrations()), project);
  }

  private DriftConfig drift(ConnectionConfig live, ConnectionConfig shadowUrl) throws IOException {
    return new DriftConfig(
        config(live),
        List.of("public"),
        shadowUrl,
        project.resolve("target/diff-shadow"),
        PostgresBinaries.BUNDLED);
  }

  private ConnectionConfig migratedAndDrifted() throws IOException {
    Files.writeString(migrations().resolve("V1__orders.sql"), BASE);
    ConnectionConfig live = TestDatabases.freshDatabase();
    new Migrator(config(live), Logger.NONE).migrate();
    Sql.execute(live, DRIFT);
    return live;
  }

  @Test
  void theAdoptionMigrationAfterTheOthersProducesTheLiveSchemaExactly() throws IOException {
    ConnectionConfig live = migratedAndDrifted();
    // A DBA's index and comment on the history table: the migrations' bookkeeping, not drift.
    Sql.execute(
        live,
        "CREATE INDEX history_by_rank ON pgkeeper_history (installed_rank DESC);"
            + "COMMENT ON TABLE pgkeeper_history IS 'do not touch'");

    DriftResult result = Drift.run(drift(live, null), new RecordingLogger());

    List<String> report = result.diff().report();
    String text = String.join("\n", report).replaceAll(" {2,}", "  ");
    assertTrue(text.contains("  added  TABLE  public.handmade"), text);
    assertTrue(text.contains("  added  INDEX  public.orders_shipped"), text);
    assertTrue(text.contains("  removed  INDEX  public.orders_total"), text);
    assertTrue(text.contains("  changed  TABLE  public.orders"), text);
    assertTrue(text.contains("  changed  SEQUENCE  public.invoice_numbers"), text);
    assertTrue(!text.contains("pgkeeper_history"), "the history table is no drift:\n" + text);
    assertTrue(result.shadow().startsWith("an embedded PostgreSQL 17."), result.shadow());

    Files.writeString(
        migrations().resolve("V2__adopt_drift.sql"), result.migration("adopts the drift"));
    ConnectionConfig fresh = TestDatabases.freshDatabase();
    new Migrator(config(fresh), Logger.NONE).migrate();
    assertEquals(
        withoutHistory(CatalogFingerprint.of(live, "public")),
        withoutHistory(CatalogFingerprint.of(fresh, "public")),
        result.migration("adopts the drift"));

    DriftResult after = Drift.run(drift(live, null), new RecordingLogger());
    assertEquals(List.of(), after.diff().report(), "no drift once the migration is adopted");
  }

  @Test
  void aGivenEmptyShadowDatabaseIsUsedInsteadOfAnEmbeddedServer() throws IOException {
    ConnectionConfig live = migratedAndDrifted();
    ConnectionConfig shadow = shadowUrl(TestDatabases.freshDatabase());

    DriftResult result = Drift.run(drift(live, shadow), new RecordingLogger());

    assertEquals(shadow.maskedUrl(), result.shadow());
    assertEquals(7, result.count(), String.join("\n", result.diff().report()));
  }

  @Test
  void aShadowDatabaseThatIsNotEmptyIsRefusedAndLeftAsItIs() throws IOException {
    ConnectionConfig live = migratedAndDrifted();
    ConnectionConfig shadow = shadowUrl(TestDatabases.freshDatabase());
    Sql.execute(shadow, "CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)");

    PgKeeperException error =
        assertThrows(PgKeeperException.class, () -> Drift.run(drift(live, shadow), Logger.NONE));

    assertTrue(error.getMessage().contains("is not empty: it holds 1 "), error.getMessage());
    assertEquals(Setting.DIFF_SHADOW_URL, error.setting().orElseThrow());
    assertEquals(List.of("precious"), Sql.tables(shadow));
    assertEquals("1", Sql.value(shadow, "SELECT count(*) FROM precious"));
  }

  @Test
  void anUnreachableShadowDatabaseIsOneClearErrorNamingTheSetting() throws IOException {
    ConnectionConfig live = migratedAndDrifted();
    ConnectionConfig shadow =
        new ConnectionConfig(
            "jdbc:postgresql://localhost:1/shadow?connectTimeout=2",
            "nobody",
            "secret-pw",
            Setting.DIFF_SHADOW_URL,
            Setting.DIFF_SHADOW_URL);

    PgKeeperException error =
        assertThrows(PgKeeperException.class, () -> Drift.run(drift(live, shadow), Logger.NONE));

    assertTrue(
        error.getMessage().startsWith("db:diff cannot use the shadow database"),
        error.getMessage());
    assertTrue(error.getMessage().contains("localhost:1/shadow"), error.getMessage());
    assertTrue(!error.getMessage().contains("secret-pw"), error.getMessage());
    assertEquals(Setting.DIFF_SHADOW_URL, error.setting().orElseThrow());
  }

  @Test
  void aMigrationThatFailsOnTheShadowNamesItsFileAndLine() throws IOException {
    ConnectionConfig live = migratedAndDrifted();
    Files.writeString(
        migrations().resolve("V2__broken.sql"),
        "SELECT 1;\n\nALTER TABLE no_such_table ADD x int;\n");

    PgKeeperException error =
        assertThrows(PgKeeperException.class, () -> Drift.run(drift(live, null), Logger.NONE));

    assertTrue(
        error.getMessage().startsWith("migrations/V2__broken.sql:3: this migration fails on the"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("relation \"no_such_table\" does not exist"),
        error.getMessage());
  }

  private static String withoutHistory(List<String> fingerprint) {
    return String.join(
        "\n", fingerprint.stream().filter(line -> !line.contains("pgkeeper_history")).toList());
  }

  /** A database as a user gives it: its settings errors point at db.diff.shadowUrl. */
  static ConnectionConfig shadowUrl(ConnectionConfig database) {
    return new ConnectionConfig(
        database.url(),
        database.user(),
        database.password(),
        Setting.DIFF_SHADOW_URL,
        Setting.DIFF_SHADOW_URL);
  }
}
