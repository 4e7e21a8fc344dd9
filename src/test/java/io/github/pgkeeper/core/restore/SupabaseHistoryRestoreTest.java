package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A database migrated with {@code historyMode=supabase} keeps the Supabase CLI's history beside
 * pgkeeper's. A backup of it that left {@code supabase_migrations} out would restore a database in
 * which {@code supabase migration list} shows nothing applied, and {@code supabase db push} would
 * run every file again.
 */
class SupabaseHistoryRestoreTest extends RestoreTestCase {
  private static final String CLI_HISTORY =
      "SELECT string_agg(version || ' ' || name || ' ' || cardinality(statements), ', '"
          + " ORDER BY version) FROM supabase_migrations.schema_migrations";

  @Test
  void theSupabaseCliHistoryIsBackedUpAndRestoredWithHistoryModeSupabase() {
    ConnectionConfig cli = ownedDatabase();
    new Migrator(
            MigrationConfig.of(cli, List.of(migrations), project)
                .withHistoryMode(HistoryMode.SUPABASE),
            log)
        .migrate();
    String recorded = Sql.value(cli, CLI_HISTORY);
    assertTrue(
        recorded.startsWith("001 schema ") && recorded.contains(", 002 members_index "), recorded);

    Path archive =
        new Backup(
                BackupConfig.of(cli, project.resolve("backups"))
                    .withMigrations(List.of(migrations), false, "public", "pgkeeper_history")
                    .withHistoryMode(HistoryMode.SUPABASE),
                log)
            .run()
            .file();
    assertTrue(log.all().contains("schema(s) supabase_migrations backed up too"), log.all());

    ConnectionConfig restored = ownedDatabase();
    restore(restoreConfig(restored, archive));

    assertEquals(recorded, Sql.value(restored, CLI_HISTORY));
    assertEquals(
        Sql.value(cli, "SELECT count(*) FROM members"),
        Sql.value(restored, "SELECT count(*) FROM members"));
  }

  @Test
  void aDatabaseWithoutTheCliSchemaBacksUpInTheSupabaseModeToo() {
    // The source was migrated by pgkeeper alone: no supabase_migrations schema to add.
    new Backup(
            BackupConfig.of(source, project.resolve("backups"))
                .withMigrations(List.of(migrations), false, "public", "pgkeeper_history")
                .withHistoryMode(HistoryMode.SUPABASE),
            log)
        .run();

    assertTrue(log.all().contains("tables of schema(s) public,"), log.all());
    assertTrue(!log.all().contains("backed up too"), log.all());
  }
}
