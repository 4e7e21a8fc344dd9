package io.github.pgkeeper.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.SupabaseTestDatabases;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in extensions and the refusals, on a real Supabase-flavoured server. */
class StandInExtensionsTest {
  @TempDir Path folder;

  @Test
  void cronScheduleRecordsJobsThatNeverRun() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION pg_cron");

    String anonymous = Sql.value(db, "SELECT cron.schedule('*/5 * * * *', 'VACUUM')");
    String named = Sql.value(db, "SELECT cron.schedule('nightly', '0 3 * * *', 'SELECT 1')");
    // The same name again replaces the job, as pg_cron does.
    String again = Sql.value(db, "SELECT cron.schedule('nightly', '0 4 * * *', 'SELECT 2')");

    assertEquals(named, again);
    assertFalse(anonymous.equals(named));
    assertEquals(
        List.of("*/5 * * * *|VACUUM|", "0 4 * * *|SELECT 2|nightly"),
        Sql.column(
            db,
            "SELECT schedule || '|' || command || '|' || coalesce(jobname, '') FROM cron.job"
                + " ORDER BY jobid"));
    assertEquals("true", Sql.value(db, "SELECT cron.unschedule('nightly')::text"));
    assertEquals("true", Sql.value(db, "SELECT cron.unschedule(" + anonymous + ")::text"));
    assertEquals("0", Sql.value(db, "SELECT count(*) FROM cron.job"));
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class, () -> Sql.execute(db, "SELECT cron.unschedule('gone')"));
    assertTrue(
        missing.getMessage().contains("could not find valid entry for job 'gone'"),
        missing.getMessage());
  }

  @Test
  void netRequestsAreQueuedAndNeverSent() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION pg_net WITH SCHEMA extensions");

    String post =
        Sql.value(
            db,
            "SELECT net.http_post(url := 'https://example.org/hook',"
                + " body := '{\"id\": 7}'::jsonb)");
    String get =
        Sql.value(
            db, "SELECT net.http_get('https://example.org/items', params := '{\"page\": \"2\"}')");

    assertEquals(
        List.of(
            post + " POST https://example.org/hook {\"id\": 7} application/json",
            get + " GET https://example.org/items?page=2  "),
        Sql.column(
            db,
            "SELECT id || ' ' || method || ' ' || url || ' '"
                + " || coalesce(convert_from(body, 'UTF8'), '') || ' '"
                + " || coalesce(headers ->> 'Content-Type', '')"
                + " FROM net.http_request_queue ORDER BY id"));
    assertEquals("0", Sql.value(db, "SELECT count(*) FROM net._http_response"));
  }

  @Test
  void pgmqQueuesWorkOnPlainTables() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION pgmq");
    Sql.execute(db, "SELECT pgmq.create('emails')");
    String first = Sql.value(db, "SELECT * FROM pgmq.send('emails', '{\"to\": \"a@x.org\"}')");
    String second = Sql.value(db, "SELECT * FROM pgmq.send('emails', '{\"to\": \"b@x.org\"}')");

    // Read hides a message for vt seconds: the second read gets the next one.
    assertEquals(
        first + " 1 a@x.org",
        Sql.value(
            db,
            "SELECT msg_id || ' ' || read_ct || ' ' || (message ->> 'to')"
                + " FROM pgmq.read('emails', 30, 1)"));
    assertEquals(second, Sql.value(db, "SELECT msg_id FROM pgmq.read('emails', 30, 5)"));
    assertEquals(List.of(), Sql.column(db, "SELECT msg_id FROM pgmq.read('emails', 30, 5)"));
    assertEquals("true", Sql.value(db, "SELECT pgmq.archive('emails', " + first + ")::text"));
    assertEquals("true", Sql.value(db, "SELECT pgmq.delete('emails', " + second + ")::text"));
    assertEquals("false", Sql.value(db, "SELECT pgmq.delete('emails', " + second + ")::text"));
    assertEquals(
        "0 1",
        Sql.value(
            db,
            "SELECT (SELECT count(*) FROM pgmq.q_emails) || ' ' || count(*) FROM pgmq.a_emails"));
    Sql.execute(db, "SELECT pgmq.send('emails', '{\"to\": \"c@x.org\"}', 0)");
    assertEquals("c@x.org", Sql.value(db, "SELECT message ->> 'to' FROM pgmq.pop('emails')"));
    assertEquals(List.of("emails"), Sql.column(db, "SELECT queue_name FROM pgmq.list_queues()"));
  }

  @Test
  void vaultKeepsSecretsForPostgresAndTheServiceRoleOnly() throws SQLException {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    String id = Sql.value(db, "SELECT vault.create_secret('s3cr3t', 'api_key', 'the API key')");
    Sql.execute(db, "SELECT vault.update_secret('" + id + "', 'n3w')");

    assertEquals(
        "api_key n3w the API key",
        Sql.value(
            db,
            "SELECT name || ' ' || decrypted_secret || ' ' || description"
                + " FROM vault.decrypted_secrets WHERE id = '"
                + id
                + "'"));
    assertEquals(
        "n3w",
        asRole(db, "service_role", "SELECT decrypted_secret FROM" + " vault.decrypted_secrets"));
    SQLException denied =
        assertThrows(
            SQLException.class,
            () -> asRole(db, "authenticated", "SELECT secret FROM vault.secrets"));
    assertEquals("42501", denied.getSQLState());
  }

  @Test
  void httpCallsAreRecordedAndAnsweredWithAnEmptyOk() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION http WITH SCHEMA extensions");

    assertEquals("200", Sql.value(db, "SELECT (http_get('https://example.org/status')).status"));
    assertEquals(
        "200",
        Sql.value(
            db,
            "SELECT (http_post('https://example.org/in', '{\"a\":1}', 'application/json')).status"));
    assertEquals("a%20b%2Fc", Sql.value(db, "SELECT urlencode('a b/c')"));
    assertEquals(
        List.of("GET https://example.org/status ", "POST https://example.org/in {\"a\":1}"),
        Sql.column(
            db,
            "SELECT method || ' ' || uri || ' ' || coalesce(content, '')"
                + " FROM extensions.http_request_log ORDER BY id"));
  }

  @Test
  void pgjwtSignsAndVerifiesRealTokens() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION pgjwt WITH SCHEMA extensions");

    // The well-known example token of RFC 7519 tooling (jwt.io), computed elsewhere.
    assertEquals(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        Sql.value(
            db,
            "SELECT sign('{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}',"
                + " 'your-256-bit-secret')"));
    String verify =
        "SELECT valid::text FROM verify(sign('{\"sub\":\"u1\",\"exp\":%s}', 'k1', 'HS512'), '%s',"
            + " 'HS512')";
    String future = "extract(epoch from now() + interval '1 hour')::bigint";
    assertEquals(
        "true",
        Sql.value(
            db,
            "SELECT valid::text FROM verify(sign(json_build_object('exp', "
                + future
                + "), 'k1', 'HS512'), 'k1', 'HS512')"));
    assertEquals("false", Sql.value(db, String.format(verify, "4102444800", "wrong")));
    assertEquals("false", Sql.value(db, String.format(verify, "946684800", "k1")));
  }

  @Test
  void graphqlResolveAnswersWithAnErrorSayingItIsAStandIn() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION pg_graphql");
    assertTrue(
        Sql.value(db, "SELECT graphql.resolve('{ __typename }') -> 'errors' -> 0 ->> 'message'")
            .contains("stand-in"));
  }

  @Test
  void theServerListsEachStandInAsOne() {
    ConnectionConfig db = SupabaseTestDatabases.server().connection();
    List<String> names =
        StandInExtensions.STAND_INS.stream().map(StandInExtensions.StandIn::name).toList();
    assertEquals(
        names.stream().sorted().toList(),
        Sql.column(
            db,
            "SELECT name FROM pg_available_extensions WHERE comment LIKE 'pgkeeper stand-in%'"
                + " ORDER BY name"));
  }

  @Test
  void extensionsThatCannotBeStoodInAreRefusedWithAClearMessage() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    for (String name : List.of("vector", "postgis", "timescaledb")) {
      SQLException refused =
          assertThrows(
              SQLException.class,
              () -> {
                try (Connection connection = Connections.open(db);
                    Statement statement = connection.createStatement()) {
                  statement.execute("CREATE EXTENSION IF NOT EXISTS " + name);
                }
              });
      assertEquals("0A000", refused.getSQLState(), name);
      assertTrue(
          refused.getMessage().contains("cannot provide the extension \"" + name + "\""),
          refused.getMessage());
      assertTrue(
          refused.getMessage().contains("real PostgreSQL server that has it"),
          refused.getMessage());
    }
    assertEquals("0", Sql.value(db, "SELECT count(*) FROM pg_extension WHERE extname = 'vector'"));
  }

  @Test
  void aPlainServerNeverSeesTheStandIns() {
    ConnectionConfig plain = TestDatabases.freshDatabase();
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class, () -> Sql.execute(plain, "CREATE EXTENSION pg_cron"));
    assertTrue(
        missing.getMessage().contains("extension \"pg_cron\" is not available"),
        missing.getMessage());
  }

  @Test
  void concurrentInstallsLeaveCompleteFilesAndNoTemporaryOnes() throws Exception {
    Path reference = Files.createDirectories(folder.resolve("reference"));
    StandInExtensions.install(reference, new RecordingLogger());
    Path shared = Files.createDirectories(folder.resolve("shared"));

    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        runs.add(
            pool.submit(
                () -> {
                  StandInExtensions.install(shared, new RecordingLogger());
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdown();
    }

    assertEquals(contents(reference), contents(shared));
    assertEquals(
        2 * (StandInExtensions.STAND_INS.size() + StandInExtensions.REFUSALS.size()),
        contents(shared).size());
  }

  @Test
  void filesThatAreCurrentAreNotWrittenAgain() throws Exception {
    StandInExtensions.install(folder, new RecordingLogger());
    Path control = folder.resolve("pg_cron.control");
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(control, old);

    StandInExtensions.install(folder, new RecordingLogger());

    assertEquals(old, Files.getLastModifiedTime(control));
  }

  @Test
  void aControlFilePgkeeperDidNotWriteIsLeftAlone() throws Exception {
    Path real = folder.resolve("vector.control");
    Files.writeString(real, "comment = 'vector data type'\ndefault_version = '0.8.0'\n");
    RecordingLogger log = new RecordingLogger();

    StandInExtensions.install(folder, log);

    assertEquals(
        "comment = 'vector data type'\ndefault_version = '0.8.0'\n", Files.readString(real));
    assertFalse(Files.exists(folder.resolve("vector--unavailable.sql")));
    assertTrue(log.warnings().get(0).contains("not a pgkeeper stand-in"), log.all());
    assertTrue(Files.exists(folder.resolve("postgis--unavailable.sql")));
  }

  private static Map<String, String> contents(Path directory) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(directory)) {
      for (Path file : list.toList()) {
        files.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return files;
  }

  private static String asRole(ConnectionConfig db, String role, String query) throws SQLException {
    try (Connection connection = Connections.open(db);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("SET LOCAL ROLE " + role);
      try (var result = statement.executeQuery(query)) {
        result.next();
        return result.getString(1);
      } finally {
        connection.rollback();
      }
    }
  }
}
