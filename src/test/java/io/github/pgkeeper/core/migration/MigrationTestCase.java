package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine tests share: a project folder with a {@code migrations/} folder, a fresh database
 * on the shared embedded server, and a logger that keeps every line.
 */
abstract class MigrationTestCase {
  @TempDir Path project;
  Path migrations;
  ConnectionConfig database;
  RecordingLogger log;

  @BeforeEach
  void setUpProject() throws IOException {
    migrations = Files.createDirectories(project.resolve("migrations"));
    database = TestDatabases.freshDatabase();
    log = new RecordingLogger();
  }

  /** The folder file names in messages are relative to: the project by default. */
  Path displayBase() {
    return project;
  }

  MigrationConfig config() {
    return MigrationConfig.of(database, List.of(migrations), displayBase());
  }

  Migrator migrator() {
    return new Migrator(config(), log);
  }

  void write(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  /** The status row of {@code version}. */
  MigrationStatus status(String version) {
    return migrator().status().migrations().stream()
        .filter(m -> m.version().toString().equals(version))
        .findFirst()
        .orElseThrow();
  }
}
