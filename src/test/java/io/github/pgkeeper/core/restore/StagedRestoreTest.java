package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.ChildJvm;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores of more tables than the server's lock table holds for one transaction, on a server with
 * a small one: {@code max_locks_per_transaction = 10} and {@code max_connections = 20} make 420
 * nominal entries (about 880 in fact, measured); the archive's 200 tables need about 1,000.
 */
class StagedRestoreTest {
  private static final int TABLES = 200;
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedServer small;

  @TempDir Path project;
  private final RecordingLogger log = new RecordingLogger();
  private ConnectionConfig source;
  private String owner;
  private Path archive;

  @BeforeAll
  static void startSmallServer() {
    small =
        EmbeddedServer.start(
            new EmbeddedConfig(
                Path.of("target", "test-postgres", "small-locks-" + UUID.randomUUID())
                    .toAbsolutePath(),
                0,
                "postgres",
                null,
                Map.of("max_locks_per_transaction", "10", "max_connections", "20")),
            Logger.NONE);
  }

  @AfterAll
  static void stopSmallServer() {
    small.close();
  }

  @BeforeEach
  void backUpManySmallTables() {
    owner = "staged_owner_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    source = TestDatabases.freshDatabase();
    Sql.execute(
        source,
        "DO $$ BEGIN FOR i IN 1.."
            + TABLES
            + " LOOP"
            + " EXECUTE format('CREATE TABLE item_%s (id bigint PRIMARY KEY, name text NOT NULL,"
            + " qty integer NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now())',"
            + " i);"
            + " EXECUTE format('CREATE INDEX item_%s_qty ON item_%s (qty)', i, i);"
            + " EXECUTE format('INSERT INTO item_%s (id, name, qty) SELECT g, ''item %s/'' || g,"
            + " g %% 7 FROM generate_series(1, 20) g', i, i);"
            + " END LOOP; END $$;"
            + "CREATE SEQUENCE shared_seq; SELECT setval('shared_seq', 42);"
            + "CREATE TABLE orders (id serial PRIMARY KEY, item_id bigint REFERENCES item_1,"
            + " note text);"
            + "INSERT INTO orders (item_id, note) SELECT 1 + g % 20, 'n' || g"
            + " FROM generate_series(1, 50) g;"
            + "CREATE VIEW order_notes AS SELECT id, note FROM orders;"
            + "CREATE MATERIALIZED VIEW order_counts AS"
            + " SELECT item_id, count(*) AS n FROM orders GROUP BY item_id;"
            + "CREATE ROLE "
            + owner
            + " NOLOGIN; ALTER TABLE item_7 OWNER TO "
            + owner);
    archive = new Backup(BackupConfig.of(source, project.resolve("backups")), log).run().file();
  }

  @Test
  void moreTablesThanTheLockBudgetAreRestoredInStagesWithTheSameTablesAndRows() {
    ConnectionConfig target = emptyDatabase();

    RestoreResult result = new Restore(config(target, archive), log).run();

    assertTrue(log.all().contains("Restoring in stages into the empty database"), log.all());
    assertEquals(TABLES + 1, result.tables().size());
    assertEquals(DatabaseSnapshot.of(source), DatabaseSnapshot.of(target));
    assertEquals(
        owner, Sql.value(target, "SELECT tableowner FROM pg_tables WHERE tablename = 'item_7'"));
    assertEquals("0", markers(target), "the marker is gone with the last stage");
  }

  @Test
  void aFailureInALaterStageRemovesEverythingTheStagesBeforeCreated() throws Exception {
    // item_150's qty repeats: a unique index on it fails in the post-data stages, after every
    // table was created and loaded in stages of their own.
    Path broken =
        ArchiveDamage.rewriteSchema(
            archive,
            sql ->
                sql.replace(
                    "CREATE INDEX item_150_qty ON public.item_150",
                    "CREATE UNIQUE INDEX item_150_qty ON public.item_150"),
            project.resolve("broken.tar"));
    ConnectionConfig target = emptyDatabase();
    List<String> before = CatalogFingerprint.of(target, "public");

    PgKeeperException failure =
        assertThrows(PgKeeperException.class, () -> new Restore(config(target, broken), log).run());

    assertTrue(failure.getMessage().contains("item_150_qty"), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("The staged restore removed what it had created ("),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("table(s) (public."), failure.getMessage());
    assertEquals(before, CatalogFingerprint.of(target, "public"));
    assertEquals(List.of(), Sql.tables(target));
    assertEquals("0", roles(owner), "the role createRoles made is gone too");
  }

  @Test
  void aStagedRestoreKilledHalfwayIsRemovedByTheNextRunWhichSaysWhatItRemoves() throws Exception {
    ConnectionConfig target = emptyDatabase();
    try (ChildJvm child =
        ChildJvm.start(
            RestoreInChildJvm.class,
            target.url(),
            target.user(),
            target.password(),
            archive.toString(),
            "createRoles")) {
      child.awaitLine("INFO Restoring in stages", Duration.ofSeconds(60));
      // The first stage's tables are committed once the second stage has created its objects.
      child.awaitLine("INFO Recreated", Duration.ofSeconds(60));
      child.awaitLine("INFO Recreated", Duration.ofSeconds(60));
      child.killHard();
    }
    awaitNoOtherSession(target);
    assertEquals("1", markers(target), "the killed restore left its marker");
    assertTrue(Sql.tables(target).size() > 1, "and committed stages");

    new Restore(config(target, archive), log).run();

    String removed =
        log.warnings().stream()
            .filter(w -> w.startsWith("Removed what the interrupted staged restore had created"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(log.all()));
    assertTrue(removed.contains("table(s) (public.item_"), removed);
    assertTrue(removed.contains("role(s) (" + owner + ")"), removed);
    assertEquals(DatabaseSnapshot.of(source), DatabaseSnapshot.of(target));
    assertEquals("0", markers(target));
  }

  @Test
  void aTargetWithTablesBeyondTheBudgetIsRefusedWithTheSettingToRaise() {
    ConnectionConfig target = emptyDatabase();
    new Restore(config(target, archive), log).run();
    Sql.execute(target, "DELETE FROM item_3 WHERE id > 10");
    Map<String, String> before = DatabaseSnapshot.of(target);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () -> new Restore(config(target, archive).withClean(true), log).run());

    assertTrue(refused.getMessage().contains("Nothing was changed."), refused.getMessage());
    assertTrue(
        refused.getMessage().matches("(?s).*max_locks_per_transaction = \\d+ in postgresql.conf.*"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("max_locks_per_transaction 10 × 42 slots"));
    assertEquals(before, DatabaseSnapshot.of(target));
  }

  @Test
  void aTargetWithTablesThatRunsOutOfLocksIsRolledBackWithTheSettingToRaise() {
    ConnectionConfig target = emptyDatabase();
    new Restore(config(target, archive), log).run();
    Sql.execute(target, "DELETE FROM item_3 WHERE id > 10");
    Map<String, String> before = DatabaseSnapshot.of(target);

    // Counting on a lock table ten times its nominal size: the restore tries, and runs out.
    PgKeeperException failure =
        assertThrows(
            PgKeeperException.class,
            () -> new Restore(config(target, archive).withClean(true), log, 10).run());

    assertTrue(failure.getMessage().contains(Restore.ROLLED_BACK.trim()), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("Raise the server's lock table: max_locks_per_transaction"),
        failure.getMessage());
    assertEquals(before, DatabaseSnapshot.of(target));
  }

  @Test
  void anEmptyTargetThatRunsOutOfLocksInOneTransactionIsRestoredInStages() {
    ConnectionConfig target = emptyDatabase();

    new Restore(config(target, archive), log, 10).run();

    assertTrue(log.all().contains("Restoring in one transaction"), log.all());
    assertTrue(
        log.warnings().stream()
            .anyMatch(w -> w.contains("SQLSTATE 53200") && w.contains("restoring in stages")),
        log.all());
    assertEquals(DatabaseSnapshot.of(source), DatabaseSnapshot.of(target));
    assertEquals("0", markers(target));
  }

  private RestoreConfig config(ConnectionConfig target, Path file) {
    return RestoreConfig.of(target, file).withCreateRoles(true);
  }

  /** A new database on the server with the small lock table, and no role of the archive's. */
  private ConnectionConfig emptyDatabase() {
    ConnectionConfig admin = small.connection();
    String name = "staged_" + COUNTER.incrementAndGet();
    Sql.execute(admin, "CREATE DATABASE " + name);
    dropRole(admin);
    return new ConnectionConfig(
        admin.url().replaceAll("/[^/]*$", "/" + name), admin.user(), admin.password());
  }

  private void dropRole(ConnectionConfig admin) {
    Sql.execute(admin, "DROP ROLE IF EXISTS " + owner);
  }

  private String roles(String role) {
    return Sql.value(
        small.connection(), "SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'");
  }

  private static String markers(ConnectionConfig target) {
    return Sql.value(
        target, "SELECT count(*) FROM pg_tables WHERE tablename = 'pgkeeper_history_restore'");
  }

  private static void awaitNoOtherSession(ConnectionConfig target) throws Exception {
    String database = target.url().replaceAll(".*/", "").replaceAll("\\?.*", "");
    String query =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
            + database
            + "' AND pid <> pg_backend_pid()";
    for (int i = 0; i < 300; i++) {
      if ("0".equals(Sql.value(target, query))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the killed restore's session is still there");
  }
}
