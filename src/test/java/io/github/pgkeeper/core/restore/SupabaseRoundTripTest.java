package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.SupabaseTestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-world Supabase set (profiles and notes on auth.users, policies on auth.uid(), a
 * security-invoker view, a webhook trigger, the realtime publication), applied to a
 * Supabase-flavoured database, filled and drifted by hand, backed up and restored into a fresh
 * Supabase-flavoured database: the public schema comes back as it was, with its rows.
 */
class SupabaseRoundTripTest {
  private static final Path SET = Path.of("src", "test", "resources", "supabase", "migrations");
  private static final String USERS =
      "INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES"
          + " ('a0000000-0000-4000-8000-00000000000a', 'ada@example.org',"
          + " '{\"username\": \"ada\"}'),"
          + " ('b0000000-0000-4000-8000-00000000000b', 'bob@example.org',"
          + " '{\"username\": \"bob\"}')";

  @TempDir Path project;
  private final RecordingLogger log = new RecordingLogger();

  @Test
  void aSupabaseProjectRestoresIntoAFreshSupabaseDatabaseWithTheSameCatalogAndRows() {
    ConnectionConfig source = SupabaseTestDatabases.freshDatabase();
    new Migrator(MigrationConfig.of(source, List.of(SET), project), log).migrate();
    Sql.execute(source, USERS); // the project's trigger on auth.users adds the profiles
    Sql.execute(
        source,
        "INSERT INTO public.notes (user_id, body) SELECT"
            + " 'a0000000-0000-4000-8000-00000000000a', 'note ' || g FROM generate_series(1, 20) g;"
            + " CREATE INDEX notes_recent ON public.notes (created_at DESC);"
            + " ALTER TABLE public.profiles ADD COLUMN website text;"
            + " CREATE POLICY \"Users read their own profile twice\" ON public.profiles"
            + " FOR SELECT TO authenticated USING ((SELECT auth.uid()) = id);");
    Path archive =
        new Backup(
                BackupConfig.of(source, project)
                    .withFile(project.resolve("supabase.tar"))
                    .withMigrations(List.of(SET), false, "public", "pgkeeper_history"),
                log)
            .run()
            .file();
    // The target's own users: auth is the platform's schema, not the project's.
    ConnectionConfig target = SupabaseTestDatabases.freshDatabase();
    Sql.execute(target, USERS);

    new Restore(RestoreConfig.of(target, archive), log).run();

    List<String> expected = CatalogFingerprint.of(source, "public");
    List<String> restored = CatalogFingerprint.of(target, "public");
    assertEquals(expected, restored, SchemaRestoreTest.differences(expected, restored));
    assertEquals(DatabaseSnapshot.rows(source), DatabaseSnapshot.rows(target));
    assertEquals(
        Sql.column(source, "SELECT username FROM public.profiles ORDER BY 1"),
        Sql.column(target, "SELECT username FROM public.profiles ORDER BY 1"));
  }

  /** A pgvector project on the stand-in: embeddings, a hnsw index, a match function. */
  @Test
  void vectorColumnsAndTheirIndexesRestoreWithTheStandIn() {
    ConnectionConfig source = SupabaseTestDatabases.freshDatabase();
    Sql.execute(
        source,
        "CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA extensions;"
            + " CREATE TABLE public.documents (id bigint PRIMARY KEY, embedding vector(3));"
            + " CREATE INDEX documents_embedding ON public.documents"
            + " USING hnsw (embedding vector_cosine_ops);"
            + " INSERT INTO public.documents VALUES (1, '[1,0,0]'), (2, '[0,1,0]'), (3, '[0.7,0.7,0]');"
            + " CREATE FUNCTION public.nearest(q vector(3)) RETURNS SETOF bigint LANGUAGE sql"
            + " STABLE AS $$ SELECT id FROM public.documents ORDER BY embedding <=> q $$");
    Path archive =
        new Backup(BackupConfig.of(source, project).withFile(project.resolve("vector.tar")), log)
            .run()
            .file();
    ConnectionConfig target = SupabaseTestDatabases.freshDatabase();

    new Restore(RestoreConfig.of(target, archive), log).run();

    List<String> expected = CatalogFingerprint.of(source, "public");
    List<String> restored = CatalogFingerprint.of(target, "public");
    assertEquals(expected, restored, SchemaRestoreTest.differences(expected, restored));
    assertEquals(
        List.of("2", "3", "1"), Sql.column(target, "SELECT * FROM public.nearest('[0,1,0.1]')"));
  }
}
