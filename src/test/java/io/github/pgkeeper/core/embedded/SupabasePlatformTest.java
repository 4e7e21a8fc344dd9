package io.github.pgkeeper.core.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.SupabaseTestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Supabase flavour in step with the platform: every object of the manifest exists as
 * upstream has it, and statements that real projects' pulled migrations make about platform objects
 * apply. Either test fails, naming what is missing, when Supabase adds an object that our fixtures
 * reference and the flavour lacks.
 */
class SupabasePlatformTest {
  private static final Path FIXTURES = Path.of("src", "test", "resources", "supabase-platform");

  @Test
  void everyPlatformObjectOfTheManifestExistsWithItsColumns() throws IOException {
    ConnectionConfig database = SupabaseTestDatabases.server().connection();
    List<String> missing = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURES.resolve("manifest.txt"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String actual = describe(database, line);
      if (!line.equals(actual)) {
        missing.add("expected: " + line + "\n   found: " + actual);
      }
    }
    assertEquals("", String.join("\n", missing), "objects the flavour lacks or has otherwise");
  }

  /** The flavour's object as the manifest line for it would read; "(missing)" if absent. */
  private static String describe(ConnectionConfig database, String line) {
    if (line.startsWith("function ")) {
      String signature = line.substring("function ".length());
      return "function "
          + Sql.value(
              database,
              "SELECT CASE WHEN to_regprocedure('"
                  + signature.replace("'", "''")
                  + "') IS NULL THEN '(missing)' ELSE '"
                  + signature.replace("'", "''")
                  + "' END");
    }
    String name = line.substring(0, line.indexOf(':'));
    if (line.startsWith("type ")) {
      String type = name.substring("type ".length());
      return name
          + ": "
          + Sql.value(
              database,
              "SELECT coalesce((SELECT coalesce("
                  + "(SELECT string_agg(enumlabel, ', ' ORDER BY enumsortorder) FROM pg_enum"
                  + " WHERE enumtypid = t.oid),"
                  + " (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '"
                  + " ORDER BY attnum) FROM pg_attribute WHERE attrelid = t.typrelid))"
                  + " FROM pg_type t WHERE t.oid = to_regtype('"
                  + type
                  + "')), '(missing)')");
    }
    return name
        + ": "
        + Sql.value(
            database,
            "SELECT coalesce((SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod),"
                + " ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = to_regclass('"
                + name
                + "') AND attnum > 0 AND NOT attisdropped), '(missing)')");
  }

  @Test
  void statementsOfPulledMigrationsAboutThePlatformApply() throws IOException, SQLException {
    ConnectionConfig database = SupabaseTestDatabases.freshDatabase();
    Path file = FIXTURES.resolve("references.sql");
    try (Connection connection = Connections.open(database);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION pg_net WITH SCHEMA extensions");
      for (SqlStatement sql :
          SqlScript.parse(Files.readString(file, StandardCharsets.UTF_8)).statements()) {
        try {
          statement.execute(sql.text());
        } catch (SQLException e) {
          throw new AssertionError(file + ":" + sql.line() + ": " + e.getMessage(), e);
        }
      }
    }
    // The statements did what they say on the platform's objects.
    assertEquals("ada", Sql.value(database, "SELECT username FROM public.profiles"));
    assertEquals(
        "order_created_webhook POST https://example.com/functions/v1/order-created,"
            + " order_viewed_webhook GET https://example.com/ping",
        Sql.value(
            database,
            "SELECT string_agg(h.hook_name || ' ' || q.method || ' ' || q.url, ', ' ORDER BY h.id)"
                + " FROM supabase_functions.hooks h"
                + " JOIN net.http_request_queue q ON q.id = h.request_id"));
    assertEquals(
        "INSERT orders:1, UPDATE orders:1",
        Sql.value(
            database,
            "SELECT string_agg(event || ' ' || topic, ', ' ORDER BY inserted_at, event)"
                + " FROM realtime.messages"));
    assertEquals(
        "2048 avatars",
        Sql.value(database, "SELECT size || ' ' || bucket_id FROM storage.get_size_by_bucket()"));
    assertTrue(
        Sql.column(
                database,
                "SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime'")
            .contains("orders"));
  }

  @Test
  void directDeletesFromStorageAreRefusedUnlessTheSessionAllowsThem() throws SQLException {
    ConnectionConfig database = SupabaseTestDatabases.freshDatabase();
    Sql.execute(database, "INSERT INTO storage.buckets (id, name) VALUES ('docs', 'docs')");
    try (Connection connection = Connections.open(database);
        Statement statement = connection.createStatement()) {
      SQLException refused =
          assertThrows(SQLException.class, () -> statement.execute("DELETE FROM storage.buckets"));
      assertEquals("42501", refused.getSQLState());
      assertTrue(
          refused.getMessage().contains("Use the Storage API instead"), refused.getMessage());
      connection.setAutoCommit(false);
      statement.execute("SET LOCAL storage.allow_delete_query = 'true'");
      statement.execute("DELETE FROM storage.buckets");
      connection.commit();
    }
    assertEquals("0", Sql.value(database, "SELECT count(*) FROM storage.buckets"));
  }

  @Test
  void storageListsFoldersAndFilesAsTheDashboardShowsThem() {
    ConnectionConfig database = SupabaseTestDatabases.freshDatabase();
    Sql.execute(
        database,
        "INSERT INTO storage.buckets (id, name) VALUES ('b', 'b');"
            + " INSERT INTO storage.objects (bucket_id, name, metadata) VALUES"
            + " ('b', 'top.png', '{\"size\": 1}'), ('b', 'docs/a.pdf', '{\"size\": 2}'),"
            + " ('b', 'docs/deep/b.pdf', '{\"size\": 4}'), ('b', 'pics/c.png', '{\"size\": 8}')");
    // Folders have no id; files do.
    assertEquals(
        "docs/ folder, pics/ folder, top.png file",
        Sql.value(
            database,
            "SELECT string_agg(name || CASE WHEN id IS NULL THEN ' folder' ELSE ' file' END, ', ')"
                + " FROM storage.list_objects_with_delimiter('b', '', '/')"));
    assertEquals(
        "a.pdf file, deep folder",
        Sql.value(
            database,
            "SELECT string_agg(name || CASE WHEN id IS NULL THEN ' folder' ELSE ' file' END, ', ')"
                + " FROM storage.search('docs/', 'b', 100, 2)"));
    assertEquals(
        "docs/a.pdf, docs/deep/",
        Sql.value(database, "SELECT string_agg(key, ', ') FROM storage.search_v2('docs/', 'b')"));
    assertEquals(
        "15 b",
        Sql.value(database, "SELECT size || ' ' || bucket_id FROM storage.get_size_by_bucket()"));
  }

  @Test
  void aWebhookWithoutPgNetIsRecordedButSendsNothing() {
    ConnectionConfig database = SupabaseTestDatabases.freshDatabase();
    Sql.execute(
        database,
        "CREATE TABLE public.signups (id int);"
            + " CREATE TRIGGER signup_webhook AFTER INSERT ON public.signups FOR EACH ROW"
            + " EXECUTE FUNCTION supabase_functions.http_request("
            + "'https://example.com/hook', 'POST', '{}', '{}', '1000');"
            + " INSERT INTO public.signups VALUES (1)");
    assertEquals(
        "signup_webhook signups no request",
        Sql.value(
            database,
            "SELECT hook_name || ' ' || hook_table_id::regclass::text || ' '"
                + " || coalesce(request_id::text, 'no request') FROM supabase_functions.hooks"));
  }
}
