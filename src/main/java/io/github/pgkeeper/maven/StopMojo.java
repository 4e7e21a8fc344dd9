package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.embedded.EmbeddedServers;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Stops the embedded PostgreSQL that db:start started in this build. */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true)
public class StopMojo extends AbstractDbMojo {
  /** The data directory of the server to stop; the same as db:start's. */
  @Parameter(
      property = "db.embedded.dataDirectory",
      defaultValue = "${project.build.directory}/pgkeeper/postgres")
  File dataDirectory;

  /** Skips db:stop only. */
  @Parameter(property = "db.stop.skip", defaultValue = "false")
  boolean skipStop;

  @Override
  boolean skipGoal() {
    return skipStop;
  }

  @Override
  void run() {
    if (!EmbeddedServers.stop(dataDirectory.toPath())) {
      getLog().info("No embedded PostgreSQL is running in " + dataDirectory + "; nothing to stop.");
    }
  }
}
