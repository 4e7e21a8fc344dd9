package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.ChildJvm;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restore whose JVM is killed with SIGKILL in the middle of loading leaves nothing behind. */
class RestoreKillTest extends RestoreTestCase {

  @Test
  void killedMidLoadTheDatabaseIsExactlyAsBefore() throws Exception {
    Sql.execute(
        source,
        "CREATE TABLE big (id bigint PRIMARY KEY, note text);"
            + " INSERT INTO big SELECT g, repeat(md5(g::text), 2) FROM generate_series(1, 400000) g");
    Path archive = backup(source);
    change(source);
    Sql.execute(source, "DELETE FROM big WHERE id % 4 = 0");
    Map<String, String> before = DatabaseSnapshot.of(source);
    ConnectionConfig admin = asSuperuser(source);
    String database = source.url().replaceAll(".*/", "").replaceAll("\\?.*", "");

    try (ChildJvm child =
        ChildJvm.start(
            RestoreInChildJvm.class,
            source.url(),
            source.user(),
            source.password(),
            archive.toString())) {
      child.awaitLine("DEBUG Loading public.big", Duration.ofSeconds(60));
      awaitCopyOfBig(admin, database);
      child.killHard();
    }

    awaitNoOtherSession(admin, database);
    Map<String, String> after = DatabaseSnapshot.of(source);
    assertEquals(before, after, "the killed restore's transaction was rolled back");
    assertEquals(
        "300000", Sql.value(source, "SELECT count(*) FROM big"), "not the archive's 400000");
  }

  @Test
  void killedMidLoadIntoAnEmptyDatabaseTheRebuiltSchemaIsGoneToo() throws Exception {
    Sql.execute(
        source,
        "CREATE TABLE big (id bigint PRIMARY KEY, note text);"
            + " INSERT INTO big SELECT g, repeat(md5(g::text), 2) FROM generate_series(1, 400000) g");
    Path archive = backup(source);
    ConnectionConfig target = ownedDatabase();
    List<String> before = CatalogFingerprint.of(target, "public");
    ConnectionConfig admin = asSuperuser(target);
    String database = target.url().replaceAll(".*/", "").replaceAll("\\?.*", "");

    try (ChildJvm child =
        ChildJvm.start(
            RestoreInChildJvm.class,
            target.url(),
            target.user(),
            target.password(),
            archive.toString())) {
      // The schema.sql pre-data objects exist by now, inside the restore's transaction.
      child.awaitLine("DEBUG Loading public.big", Duration.ofSeconds(60));
      awaitCopyOfBig(admin, database);
      child.killHard();
    }

    awaitNoOtherSession(admin, database);
    assertEquals(
        before,
        CatalogFingerprint.of(target, "public"),
        "the schema the killed restore created from schema.sql was rolled back with it");
    assertEquals(List.of(), Sql.tables(target));
  }

  /** Waits until the server is running the COPY into big: the kill lands inside the load. */
  private static void awaitCopyOfBig(ConnectionConfig admin, String database) throws Exception {
    String query =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
            + database
            + "' AND query LIKE 'COPY \"public\".\"big\"%'";
    for (int i = 0; i < 600; i++) {
      if (!"0".equals(Sql.value(admin, query))) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the restore never ran COPY into big");
  }

  private static void awaitNoOtherSession(ConnectionConfig admin, String database)
      throws Exception {
    String query =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
            + database
            + "' AND pid <> pg_backend_pid()";
    for (int i = 0; i < 300; i++) {
      if ("0".equals(Sql.value(admin, query))) {
        return;
      }
      Thread.sleep(100);
    }
    assertTrue(false, "the killed restore's session is still there");
  }
}
