package io.github.pgkeeper.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** db:status's cheap drift hint: tables and columns that no migration names. */
class DriftHintsTest {
  @TempDir Path project;

  @Test
  void statusNamesTheTablesAndColumnsNoMigrationNamesAndNothingElse() throws Exception {
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__orders.sql"), DriftTest.BASE);
    ConnectionConfig live = TestDatabases.freshDatabase();
    MigrationConfig config = MigrationConfig.of(live, List.of(migrations), project);
    new Migrator(config, Logger.NONE).migrate();
    assertEquals(List.of(), DriftHints.status(config, new RecordingLogger()).hints());

    Sql.execute(live, DriftTest.DRIFT);
    DriftHints.Status status = DriftHints.status(config, new RecordingLogger());

    assertEquals(List.of("public.handmade", "public.orders.shipped"), status.hints());
    assertEquals(1, status.report().migrations().size());
  }
}
