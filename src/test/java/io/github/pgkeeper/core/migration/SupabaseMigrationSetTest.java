package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.SupabaseTestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Supabase project's migrations (foreign keys to auth.users, policies on auth.uid(), a storage
 * bucket, cron jobs, webhooks through pg_net, a queue, a vault secret, the realtime publication),
 * applied by the engine to a Supabase-flavoured database, and their policies tested the way the
 * docs show: as {@code authenticated}, with the request's JWT claims.
 */
class SupabaseMigrationSetTest {
  private static final Path SET = Path.of("src", "test", "resources", "supabase");
  private static final String ADA = "a0000000-0000-4000-8000-00000000000a";
  private static final String BOB = "b0000000-0000-4000-8000-00000000000b";

  private ConnectionConfig database;
  private final RecordingLogger log = new RecordingLogger();

  @BeforeEach
  void freshSupabaseDatabase() {
    database = SupabaseTestDatabases.freshDatabase();
  }

  private Migrator migrator(String folder) {
    return new Migrator(
        MigrationConfig.of(database, List.of(SET.resolve(folder)), Path.of("")), log);
  }

  @Test
  void theWholeSetApplies() {
    MigrateResult result = migrator("migrations").migrate();

    assertEquals(5, result.applied().size(), log.all());
    assertEquals(List.of("purge-old-notes"), Sql.column(database, "SELECT jobname FROM cron.job"));
    assertEquals(
        List.of("notes"),
        Sql.column(
            database,
            "SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime'"));
    assertEquals(
        "avatars true", Sql.value(database, "SELECT id || ' ' || public FROM storage.buckets"));
    assertEquals(
        "whsec_test",
        Sql.value(
            database,
            "SELECT decrypted_secret FROM vault.decrypted_secrets WHERE name = 'webhook_secret'"));
    assertEquals(List.of("emails"), Sql.column(database, "SELECT queue_name FROM pgmq.meta"));
  }

  @Test
  void policiesLetEachUserSeeAndWriteOnlyTheirOwnRows() throws SQLException {
    migrator("migrations").migrate();
    // Signing up: GoTrue inserts into auth.users, and the project's trigger adds the profile.
    Sql.execute(
        database,
        "INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES"
            + " ('"
            + ADA
            + "', 'ada@example.org', '{\"username\": \"ada\"}'),"
            + " ('"
            + BOB
            + "', 'bob@example.org', '{\"username\": \"bob\"}')");
    Sql.execute(
        database,
        "INSERT INTO public.notes (user_id, body) VALUES ('"
            + ADA
            + "', 'ada 1'),"
            + " ('"
            + ADA
            + "', 'ada 2'), ('"
            + BOB
            + "', 'bob 1')");

    assertEquals(List.of("ada 1", "ada 2"), asUser(ADA, "SELECT body FROM notes ORDER BY body"));
    assertEquals(List.of("bob 1"), asUser(BOB, "SELECT body FROM my_notes"));
    assertEquals(List.of("ada", "bob"), asUser(BOB, "SELECT username FROM profiles ORDER BY 1"));
    // Not signed in: the notes policies are for authenticated only.
    assertEquals(List.of("0"), as("anon", "{\"role\":\"anon\"}", "SELECT count(*) FROM notes"));
    // An admin claim in app_metadata opens every note.
    assertEquals(
        List.of("3"),
        as(
            "authenticated",
            "{\"sub\":\""
                + ADA
                + "\",\"role\":\"authenticated\","
                + "\"app_metadata\":{\"role\":\"admin\"}}",
            "SELECT count(*) FROM notes"));

    // Writing: user_id defaults to auth.uid(); the webhook trigger queues a request.
    assertEquals(
        List.of(ADA), asUser(ADA, "INSERT INTO notes (body) VALUES ('new') RETURNING user_id"));
    SQLException forged =
        assertThrows(
            SQLException.class,
            () -> asUser(ADA, "INSERT INTO notes (user_id, body) VALUES ('" + BOB + "', 'x')"));
    assertEquals("42501", forged.getSQLState());
    assertTrue(forged.getMessage().contains("row-level security policy"), forged.getMessage());
    assertEquals(
        List.of("0"),
        asUser(
            ADA,
            "WITH d AS (DELETE FROM notes WHERE body = 'bob 1' RETURNING 1)"
                + " SELECT count(*) FROM d"));

    // Storage: uploads go only into the user's own folder, and only images.
    assertEquals(
        List.of("avatars/" + ADA + "/me.png"),
        asUser(
            ADA,
            "INSERT INTO storage.objects (bucket_id, name) VALUES ('avatars', '"
                + ADA
                + "/me.png') RETURNING bucket_id || '/' || name"));
    for (String name : List.of(BOB + "/me.png", ADA + "/me.exe")) {
      SQLException refused =
          assertThrows(
              SQLException.class,
              () ->
                  asUser(
                      ADA,
                      "INSERT INTO storage.objects (bucket_id, name) VALUES ('avatars', '"
                          + name
                          + "')"));
      assertEquals("42501", refused.getSQLState(), name);
    }
  }

  @Test
  void aWebhookTriggerQueuesItsRequestWithoutSendingIt() throws SQLException {
    migrator("migrations").migrate();
    Sql.execute(database, "INSERT INTO auth.users (id, email) VALUES ('" + ADA + "', 'a@x.org')");

    asUser(ADA, "INSERT INTO notes (body) VALUES ('hello')");

    assertEquals(
        "POST https://example.org/hooks/notes " + ADA,
        Sql.value(
            database,
            "SELECT method || ' ' || url || ' ' || (convert_from(body, 'UTF8')::jsonb ->> 'user_id')"
                + " FROM net.http_request_queue"));
  }

  @Test
  void anExtensionThatCannotBeStoodInFailsItsMigrationWithTheReason() {
    MigrationFailedException failure =
        assertThrows(MigrationFailedException.class, () -> migrator("refused").migrate());

    String message = failure.getMessage();
    assertTrue(message.contains("20240201000000_places.sql"), message);
    assertEquals(3, failure.line(), message);
    assertTrue(message.contains("cannot provide the extension \"postgis\" (PostGIS)"), message);
    assertTrue(message.contains("Run these migrations against a real PostgreSQL server"), message);
    assertEquals("0A000", failure.sqlState());
    // The migration's transaction was rolled back: its table is gone too.
    assertFalse(Sql.tables(database).contains("places"));
  }

  /**
   * pgvector's tuning options tune an index the stand-in never builds, and PostgreSQL refuses them
   * on its borrowed handler: left out on the embedded server, said in the log, and the file applies
   * unchanged.
   */
  @Test
  void vectorIndexTuningOptionsAreLeftOutOnTheStandInSayingSo() {
    MigrateResult result = migrator("vector-index-options").migrate();

    assertEquals(1, result.applied().size(), log.all());
    assertTrue(
        log.all()
            .contains(
                "20240301000000_documents.sql:10: with (lists = 100) left out on the embedded"
                    + " server"),
        log.all());
    assertTrue(
        log.all().contains("20240301000000_documents.sql:11: with (m = 16, ef_construction = 64)"),
        log.all());
    assertEquals(
        List.of("documents_embedding_hnsw", "documents_embedding_idx"),
        Sql.column(
            database,
            "SELECT indexname FROM pg_indexes WHERE tablename = 'documents'"
                + " AND indexname <> 'documents_pkey' ORDER BY 1"));
    assertEquals(
        List.of("near", "between", "far"),
        Sql.column(
            database,
            "SELECT content FROM documents ORDER BY embedding <=> '[1,0.1,0]'::extensions.vector"));
  }

  private List<String> asUser(String id, String sql) throws SQLException {
    return as(
        "authenticated",
        "{\"sub\":\"" + id + "\",\"role\":\"authenticated\",\"email\":\"" + id + "@x.org\"}",
        sql);
  }

  /** The recipe of docs/supabase.md: one transaction, a role, the request's claims, the query. */
  private List<String> as(String role, String claims, String sql) throws SQLException {
    try (Connection connection = Connections.open(database)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement();
          PreparedStatement setClaims =
              connection.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)")) {
        statement.execute("SET LOCAL ROLE " + role);
        setClaims.setString(1, claims);
        setClaims.execute();
        List<String> values = new ArrayList<>();
        if (statement.execute(sql)) {
          try (ResultSet result = statement.getResultSet()) {
            while (result.next()) {
              values.add(result.getString(1));
            }
          }
        }
        connection.commit();
        return values;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }
  }
}
