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
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    // No body: code that parses it gets NULL, not a JSON syntax error.
    assertEquals(
        "true",
        Sql.value(db, "SELECT ((http_get('https://example.org/x')).content::json IS NULL)::text"));
    assertEquals(
        List.of(
            "GET https://example.org/status ",
            "POST https://example.org/in {\"a\":1}",
            "GET https://example.org/x "),
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
    for (String name : List.of("postgis", "plv8", "supautils")) {
      StandInExtensions.Refusal refusal =
          StandInExtensions.REFUSALS.stream().filter(r -> r.name().equals(name)).findFirst().get();
      SQLException refused =
          assertThrows(
              SQLException.class,
              () ->
                  execute(
                      db, "CREATE EXTENSION IF NOT EXISTS " + name + " WITH SCHEMA extensions"));
      assertEquals("0A000", refused.getSQLState(), name);
      assertTrue(
          refused.getMessage().contains("cannot provide the extension \"" + name + "\""),
          refused.getMessage());
      // Why, and what to do instead.
      assertTrue(refused.getMessage().contains(refusal.why()), refused.getMessage());
      assertTrue(
          refused.getMessage().contains("real PostgreSQL server that has it"),
          refused.getMessage());
    }
    assertEquals("0", Sql.value(db, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"));
  }

  /**
   * Keeping up with Supabase: every extension of the catalog (Supabase's list) is created as a
   * Supabase project writes it, updated and dropped, or refused with pgkeeper's message. An entry
   * added to the catalog without a working stand-in, or a contrib module the binaries lack, fails.
   */
  @Test
  void everyExtensionSupabaseOffersCanBeCreatedUpdatedAndDropped() throws SQLException {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    List<String> problems = new ArrayList<>();
    List<String> created = new ArrayList<>();
    try (Connection connection = Connections.open(db);
        Statement statement = connection.createStatement()) {
      for (String name : StandInExtensions.POSTGRES) {
        create(statement, name, null, problems, created);
      }
      for (StandInExtensions.StandIn standIn : StandInExtensions.STAND_INS) {
        create(statement, standIn.name(), standIn.schema(), problems, created);
      }
      for (String name : created) {
        attempt(statement, "ALTER EXTENSION \"" + name + "\" UPDATE", name + " (update)", problems);
      }
      for (int i = created.size() - 1; i >= 0; i--) {
        if (!created.get(i).equals("plpgsql")) {
          attempt(
              statement,
              "DROP EXTENSION IF EXISTS \"" + created.get(i) + "\" CASCADE",
              created.get(i) + " (drop)",
              problems);
        }
      }
      for (StandInExtensions.Refusal refusal : StandInExtensions.REFUSALS) {
        try {
          statement.execute("CREATE EXTENSION \"" + refusal.name() + "\"");
          problems.add(refusal.name() + ": created, yet the catalog says it is refused");
        } catch (SQLException e) {
          if (!e.getMessage().contains("cannot provide the extension \"" + refusal.name() + "\"")) {
            problems.add(refusal.name() + ": " + e.getMessage());
          }
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /**
   * The flavour names its binaries directory after the stand-ins' fingerprint, and the stand-ins
   * must initialise first as well as second: in a fresh class loader, loading StandInExtensions
   * before SupabaseFlavor must not find the catalog half read.
   */
  @Test
  void theStandInsCanBeLoadedBeforeTheFlavour() throws Exception {
    URL classes = StandInExtensions.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader isolated =
        new URLClassLoader(new URL[] {classes}, StandInExtensions.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.github.pgkeeper.core.embedded.")) {
              return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
              Class<?> loaded = findLoadedClass(name);
              return loaded != null ? loaded : findClass(name);
            }
          }
        }) {
      Class.forName(StandInExtensions.class.getName(), true, isolated);
      Field directory =
          Class.forName(SupabaseFlavor.class.getName(), true, isolated)
              .getDeclaredField("BINARIES_DIRECTORY");
      directory.setAccessible(true);
      assertEquals(SupabaseFlavor.BINARIES_DIRECTORY, directory.get(null));
      assertTrue(
          SupabaseFlavor.BINARIES_DIRECTORY.endsWith(StandInExtensions.fingerprint()),
          SupabaseFlavor.BINARIES_DIRECTORY.toString());
    }
  }

  @Test
  void everyStandInScriptIsInTheCatalogAndTheOtherWayRound() throws Exception {
    Path directory = Files.createDirectories(folder.resolve("extensions"));
    StandInExtensions.install(directory, new RecordingLogger());
    for (StandInExtensions.StandIn standIn : StandInExtensions.STAND_INS) {
      assertTrue(
          Files.readString(directory.resolve(standIn.name() + "--1.0.sql")).startsWith("--"),
          standIn.name());
      assertTrue(standIn.comment().startsWith("pgkeeper stand-in for "), standIn.comment());
    }
    List<String> catalogued =
        Stream.concat(
                StandInExtensions.STAND_INS.stream().map(StandInExtensions.StandIn::name),
                Stream.concat(
                    StandInExtensions.POSTGRES.stream(),
                    StandInExtensions.REFUSALS.stream().map(StandInExtensions.Refusal::name)))
            .toList();
    assertEquals(catalogued.size(), new java.util.HashSet<>(catalogued).size(), "listed twice");
    try (Stream<Path> scripts =
        Files.list(Path.of("src/main/resources/io/github/pgkeeper/supabase/extensions"))) {
      for (Path script : scripts.filter(p -> p.toString().endsWith(".sql")).toList()) {
        String name = script.getFileName().toString().replace(".sql", "");
        assertTrue(catalogued.contains(name), name + ".sql is not in catalog.txt");
      }
    }
  }

  /** Every extension that this repository's fixtures create is in the catalog. */
  @Test
  void everyExtensionTheFixturesCreateIsCatalogued() throws Exception {
    Pattern create =
        Pattern.compile(
            "create\\s+extension\\s+(?:if\\s+not\\s+exists\\s+)?\"?([a-z0-9_-]+)",
            Pattern.CASE_INSENSITIVE);
    List<String> missing = new ArrayList<>();
    for (String root : List.of("src/it", "src/test/resources")) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
          Matcher matcher = create.matcher(Files.readString(file));
          while (matcher.find()) {
            String name = matcher.group(1).toLowerCase(java.util.Locale.ROOT);
            if (!StandInExtensions.POSTGRES.contains(name)
                && StandInExtensions.STAND_INS.stream().noneMatch(s -> s.name().equals(name))
                && StandInExtensions.REFUSALS.stream().noneMatch(r -> r.name().equals(name))) {
              missing.add(name + " (" + file + ")");
            }
          }
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void vectorColumnsValuesDistancesOrderAndIndexes() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA extensions");
    Sql.execute(
        db,
        "CREATE TABLE documents (id bigint PRIMARY KEY, content text, embedding vector(3));"
            + "INSERT INTO documents VALUES (1, 'east', '[1, 0, 0]'), (2, 'north', '[0,1,0]'),"
            + " (3, 'north-east', '[0.7,0.7,0.1]'), (4, 'west', '[-1,0,0]'), (5, 'far east', '[2.5,0,0]')");
    // Stored in pgvector's canonical form, and shown with its dimension.
    assertEquals("[1,0,0]", Sql.value(db, "SELECT embedding FROM documents WHERE id = 1"));
    assertEquals(
        "vector(3)",
        Sql.value(
            db,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'documents'::regclass AND attname = 'embedding'"));
    // Cosine ignores length; L2 does not; <#> is the negative inner product.
    String query = "'[1,0.1,0]'";
    assertEquals(
        List.of("1", "5", "3", "2", "4"),
        Sql.column(db, "SELECT id FROM documents ORDER BY embedding <=> " + query + ", id"));
    assertEquals(
        List.of("1", "3", "2", "5", "4"),
        Sql.column(db, "SELECT id FROM documents ORDER BY embedding <-> " + query + " LIMIT 5"));
    assertEquals(
        List.of("5", "1", "3", "2", "4"),
        Sql.column(db, "SELECT id FROM documents ORDER BY embedding <#> " + query));
    assertEquals(
        "5 25 -3 0.000000",
        Sql.value(
            db,
            "SELECT ('[0,0]'::vector <-> '[3,4]')::int || ' ' || vector_norm('[3,4]')::int ^ 2"
                + " || ' ' || ('[1,1]'::vector <#> '[1,2]')::int || ' '"
                + " || round(cosine_distance('[1,2]'::vector, '[2,4]')::numeric, 6)"));
    assertEquals(
        "3 [0.6,0.8] [0.5,1.5] {1,2}",
        Sql.value(
            db,
            "SELECT vector_dims(embedding) || ' ' || l2_normalize('[3,4]'::vector) || ' '"
                + " || avg(v) || ' ' || '[1,2]'::vector::real[]::text"
                + " FROM (VALUES ('[0,1]'::vector), ('[1,2]')) t(v), documents WHERE id = 1"
                + " GROUP BY embedding"));
    assertEquals("[1,2,3]", Sql.value(db, "SELECT ARRAY[1,2,3]::real[]::vector(3)"));

    IllegalStateException wrongDimensions =
        assertThrows(
            IllegalStateException.class,
            () -> Sql.execute(db, "INSERT INTO documents VALUES (9, 'x', '[1,2]')"));
    assertTrue(
        wrongDimensions.getMessage().contains("expected 3 dimensions, not 2"),
        wrongDimensions.getMessage());

    // Indexes as Supabase's guides write them, and a match_documents function of a real set.
    Sql.execute(db, "CREATE INDEX ON documents USING hnsw (embedding vector_cosine_ops)");
    Sql.execute(db, "CREATE INDEX ON documents USING hnsw (embedding vector_ip_ops)");
    Sql.execute(db, "CREATE INDEX ON documents USING ivfflat (embedding vector_l2_ops)");
    Sql.execute(
        db,
        "CREATE FUNCTION match_documents(query_embedding vector(3), match_threshold float,"
            + " match_count int) RETURNS TABLE (id bigint, content text, similarity float)"
            + " LANGUAGE sql STABLE AS $$"
            + " SELECT documents.id, documents.content,"
            + " 1 - (documents.embedding <=> query_embedding) AS similarity FROM documents"
            + " WHERE 1 - (documents.embedding <=> query_embedding) > match_threshold"
            + " ORDER BY documents.embedding <=> query_embedding LIMIT match_count $$");
    Sql.execute(db, "INSERT INTO documents VALUES (6, 'up', '[0,0,1]')");
    assertEquals(
        List.of("north", "north-east"),
        Sql.column(db, "SELECT content FROM match_documents('[0,1,0.05]', 0.5, 2)"));

    IllegalStateException withOptions =
        assertThrows(
            IllegalStateException.class,
            () ->
                Sql.execute(
                    db,
                    "CREATE INDEX ON documents USING ivfflat (embedding vector_cosine_ops)"
                        + " WITH (lists = 100)"));
    assertTrue(
        withOptions
            .getMessage()
            .contains("stand-in for pgvector cannot build a real ivfflat index"),
        withOptions.getMessage());
    assertTrue(withOptions.getMessage().contains("WITH (lists = 100)"), withOptions.getMessage());
  }

  @Test
  void halfvecAndSparsevecConvertAndMeasure() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION vector WITH SCHEMA extensions");
    assertEquals(
        "[1,0,2,0,0] {2:1,4:2}/4 1 [1,2]",
        Sql.value(
            db,
            "SELECT '{1:1,3:2}/5'::sparsevec::vector::text || ' '"
                + " || '[0,1,0,2]'::vector::sparsevec::text"
                + " || ' ' || ('[1,2]'::halfvec <-> '[2,2]'::halfvec) || ' '"
                + " || ARRAY[1,2]::halfvec(2)::text"));
    Sql.execute(db, "CREATE TABLE items (embedding halfvec(2), sparse sparsevec(5))");
    Sql.execute(db, "CREATE INDEX ON items USING hnsw (embedding halfvec_l2_ops)");
    Sql.execute(db, "CREATE INDEX ON items USING hnsw (sparse sparsevec_cosine_ops)");
  }

  @Test
  void pgHashidsEncodesAndDecodesAsTheRealExtension() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION IF NOT EXISTS pg_hashids WITH SCHEMA extensions");
    // The examples of pg_hashids' own documentation.
    assertEquals(
        "jNl Pdzxp PlRPdzxpR7 3GJ956J9B9",
        Sql.value(
            db,
            "SELECT id_encode(1001) || ' ' || id_encode(1234567, 'This is my salt') || ' '"
                + " || id_encode(1234567, 'This is my salt', 10) || ' '"
                + " || id_encode(1234567, 'This is my salt', 10, 'abcdefghijABCDxFGHIJ1234567890')"));
    assertEquals(
        "{1234567} {1234567} 1001 {}",
        Sql.value(
            db,
            "SELECT id_decode('PlRPdzxpR7', 'This is my salt', 10)::text || ' '"
                + " || id_decode('3GJ956J9B9', 'This is my salt', 10,"
                + " 'abcdefghijABCDxFGHIJ1234567890')::text || ' ' || id_decode_once('jNl') || ' '"
                + " || id_decode('not-an-id')::text"));
    assertEquals(
        "{1,2,3}", Sql.value(db, "SELECT id_decode(id_encode(ARRAY[1,2,3]::bigint[], 's'), 's')"));
  }

  /** database.dev's install, as a real set writes it: the SQL would come through http. */
  @Test
  void pgTleSaysWhyAnExtensionFromDatabaseDevCannotBeInstalledOrCreated() throws SQLException {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION IF NOT EXISTS http WITH SCHEMA extensions");
    Sql.execute(db, "CREATE EXTENSION IF NOT EXISTS pg_tle");
    SQLException noSql =
        assertThrows(
            SQLException.class,
            () ->
                execute(
                    db,
                    "SELECT pgtle.install_extension('supabase-dbdev',"
                        + " resp.contents ->> 'version', 'PostgreSQL package manager',"
                        + " resp.contents ->> 'sql')"
                        + " FROM http_get('https://api.database.dev/rest/v1/package_versions') x,"
                        + " LATERAL (SELECT nullif(x.content, '')::json -> 0) resp(contents)"));
    assertTrue(noSql.getMessage().contains("got no"), noSql.getMessage());
    assertTrue(noSql.getMessage().contains("whose stand-in never sends"), noSql.getMessage());

    Sql.execute(db, "SELECT pgtle.install_extension('my_tle', '1.0', 'mine', 'SELECT 1')");
    SQLException notCreatable =
        assertThrows(SQLException.class, () -> execute(db, "CREATE EXTENSION \"my_tle\""));
    assertEquals("0A000", notCreatable.getSQLState());
    assertTrue(
        notCreatable.getMessage().contains("\"my_tle\" was installed through pg_tle"),
        notCreatable.getMessage());
    // Other extensions are not concerned.
    execute(db, "CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA extensions");
  }

  @Test
  void pgJsonschemaChecksTheCommonKeywords() {
    ConnectionConfig db = SupabaseTestDatabases.freshDatabase();
    Sql.execute(db, "CREATE EXTENSION pg_jsonschema WITH SCHEMA extensions");
    Sql.execute(
        db,
        "CREATE TABLE profiles (data jsonb CHECK (jsonb_matches_schema('{\"type\": \"object\","
            + " \"required\": [\"name\"], \"properties\": {\"name\": {\"type\": \"string\","
            + " \"maxLength\": 5}, \"tags\": {\"type\": \"array\", \"items\": {\"type\":"
            + " \"string\"}}}, \"additionalProperties\": false}', data)))");
    Sql.execute(db, "INSERT INTO profiles VALUES ('{\"name\": \"ada\", \"tags\": [\"x\"]}')");
    for (String invalid :
        List.of(
            "{\"tags\": []}",
            "{\"name\": \"toolong\"}",
            "{\"name\": \"a\", \"tags\": [1]}",
            "{\"name\": \"a\", \"extra\": 1}")) {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> Sql.execute(db, "INSERT INTO profiles VALUES ('" + invalid + "')"),
              invalid);
      assertTrue(refused.getMessage().contains("check constraint"), refused.getMessage());
    }
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
    assertFalse(Files.exists(folder.resolve("vector--1.0.sql")));
    assertTrue(log.debugs().get(0).contains("not a pgkeeper stand-in"), log.all());
    assertTrue(Files.exists(folder.resolve("postgis--unavailable.sql")));
  }

  private static void create(
      Statement statement,
      String name,
      String schema,
      List<String> problems,
      List<String> created) {
    // As Supabase's dashboard and supabase db pull write it.
    if (attempt(
        statement,
        "CREATE EXTENSION IF NOT EXISTS \""
            + name
            + "\""
            + (schema == null ? " WITH SCHEMA extensions" : "")
            + " CASCADE",
        name,
        problems)) {
      created.add(name);
    }
  }

  private static boolean attempt(
      Statement statement, String sql, String what, List<String> problems) {
    try {
      statement.execute(sql);
      return true;
    } catch (SQLException e) {
      problems.add(what + ": " + e.getMessage());
      return false;
    }
  }

  private static void execute(ConnectionConfig db, String sql) throws SQLException {
    try (Connection connection = Connections.open(db);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
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
