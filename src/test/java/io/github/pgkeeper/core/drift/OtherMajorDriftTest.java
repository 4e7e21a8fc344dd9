package io.github.pgkeeper.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live server of another major version than the plugin's own binaries (17): db:diff builds the
 * migrations on a shadow of the live major, from the binaries jar its adapter resolves. The build
 * copies that jar (PostgreSQL 16 for this machine) from Maven Central into target/test-binaries.
 */
class OtherMajorDriftTest {
  private static final Path OTHER_MAJOR =
      Path.of(System.getProperty("pgkeeper.test.otherMajorBinaries", "target/none.jar"));

  @TempDir Path project;

  @Test
  void theShadowOfALivePostgres16RunsTheBinariesResolvedForMajor16() throws Exception {
    assertTrue(Files.isRegularFile(OTHER_MAJOR), "the build copies the binaries to " + OTHER_MAJOR);
    Path migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__orders.sql"), DriftTest.BASE);
    EmbeddedConfig liveServer =
        new EmbeddedConfig(project.resolve("live"), 0, "app", null, Map.of())
            .withBinaries(OTHER_MAJOR);
    List<Integer> asked = new ArrayList<>();
    try (EmbeddedServer server = EmbeddedServer.start(liveServer, Logger.NONE)) {
      ConnectionConfig live = server.connection();
      assertTrue(server.serverVersion().startsWith("16."), server.serverVersion());
      MigrationConfig config = MigrationConfig.of(live, List.of(migrations), project);
      new Migrator(config, Logger.NONE).migrate();
      Sql.execute(live, "ALTER TABLE orders ADD COLUMN shipped boolean");

      DriftResult result =
          Drift.run(
              new DriftConfig(
                  config,
                  List.of("public"),
                  null,
                  project.resolve("shadow"),
                  major -> {
                    asked.add(major);
                    return major == 17 ? Optional.empty() : Optional.of(OTHER_MAJOR);
                  }),
              new RecordingLogger());

      assertEquals(List.of(16), asked);
      assertTrue(result.shadow().startsWith("an embedded PostgreSQL 16."), result.shadow());
      assertTrue(result.liveServerVersion().startsWith("16."), result.liveServerVersion());
      assertEquals(
          List.of("  changed  TABLE  public.orders", "      column shipped  added: boolean"),
          result.diff().report());
    }
  }
}
