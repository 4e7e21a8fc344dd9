package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.drift.Drift;
import io.github.pgkeeper.core.drift.DriftConfig;
import io.github.pgkeeper.core.drift.DriftResult;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.ConnectionResolver;
import io.github.pgkeeper.core.migration.Timeouts;
import java.io.File;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;

/**
 * Compares the live database's schemas with the schema its migration files produce, built on a
 * throwaway embedded PostgreSQL of the live server's major version (or on {@code shadowUrl}), and
 * prints every difference: added, removed or changed, kind and name, and for a change what it was
 * and what it is. Can fail the build on drift, and write the migration that adopts it. Changes
 * nothing in the live database.
 */
@Mojo(name = "diff", threadSafe = true)
public class DiffMojo extends AbstractMigrationMojo {
  /** The schemas to compare. */
  @Parameter(property = "db.diff.schemas", defaultValue = "public")
  String[] schemas;

  /** Fail the build when the live schema differs from the migrations' (for a scheduled job). */
  @Parameter(property = "db.diff.failOnDrift", defaultValue = "false")
  boolean failOnDrift;

  /**
   * Write the migration that turns the migrated schema into the live one to this new file (never
   * overwritten), such as the next migration the log suggests.
   */
  @Parameter(property = "db.diff.output")
  File output;

  /**
   * An empty database to build the migrations on instead of an embedded server, with its
   * credentials ({@code postgres://user:password@host:5432/shadow}). It must be empty; db:diff
   * drops nothing in it and leaves the migrated schema there.
   */
  @Parameter(property = "db.diff.shadowUrl")
  String shadowUrl;

  /** Where the embedded shadow server keeps its files. */
  @Parameter(
      property = "db.diff.shadowDataDirectory",
      defaultValue = "${project.build.directory}/pgkeeper/diff-shadow")
  File shadowDataDirectory;

  /** Skips db:diff only. */
  @Parameter(property = "db.diff.skip", defaultValue = "false")
  boolean skipDiff;

  @Component RepositorySystem repositorySystem;

  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
  RepositorySystemSession repositorySession;

  @Override
  boolean skipGoal() {
    return skipDiff;
  }

  @Override
  void run() throws MojoFailureException {
    List<String> schemaList =
        Arrays.stream(schemas).map(String::trim).filter(s -> !s.isEmpty()).toList();
    DriftConfig config =
        new DriftConfig(
            migrationConfig(null, true, false, Timeouts.DEFAULTS),
            schemaList,
            shadow(),
            shadowDataDirectory.toPath().toAbsolutePath(),
            new ZonkyBinaries(
                repositorySystem,
                repositorySession,
                project.getRemotePluginRepositories(),
                mojoExecution.getMojoDescriptor().getPluginDescriptor()));
    DriftResult result = Drift.run(config, logger());
    result.report(schemaList).forEach(getLog()::info);
    if (result.count() > 0 && output != null) {
      result.writeMigration(
          output.toPath(),
          "Adopts the drift db:diff found on "
              + Instant.now().truncatedTo(ChronoUnit.SECONDS)
              + " in schema(s) "
              + String.join(", ", schemaList)
              + " of "
              + result.live()
              + ".\nAfter the other migrations, it produces the live schema.");
      getLog().info("Wrote the migration that adopts the drift to " + output);
    } else if (result.count() > 0 && result.suggestedMigration() != null) {
      getLog()
          .info(
              "To adopt the drift into the history, write its migration:"
                  + " -Ddb.diff.output="
                  + result.suggestedMigration().toString().replace('\\', '/'));
    }
    if (failOnDrift && result.count() > 0) {
      throw new MojoFailureException(
          "db:diff found "
              + result.count()
              + " difference(s) between the live database and its migrations (failOnDrift is on)."
              + " Adopt them with -Ddb.diff.output, or undo them.");
    }
  }

  private ConnectionConfig shadow() {
    if (shadowUrl == null || shadowUrl.isBlank()) {
      return null;
    }
    ConnectionConfig given;
    try {
      given = ConnectionResolver.resolve(shadowUrl, null, null, null);
    } catch (PgKeeperException e) {
      throw new PgKeeperException(e.getMessage(), Setting.DIFF_SHADOW_URL, e);
    }
    return new ConnectionConfig(
        given.url(),
        given.user(),
        given.password(),
        Setting.DIFF_SHADOW_URL,
        Setting.DIFF_SHADOW_URL);
  }
}
