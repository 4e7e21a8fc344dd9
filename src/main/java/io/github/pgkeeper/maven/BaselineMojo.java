package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.migration.Baseline;
import io.github.pgkeeper.core.migration.BaselineResult;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Adopts pgkeeper on an existing database: records migration files as applied without running them,
 * either every file up to {@code version}, or those Flyway or the Supabase CLI applied ({@code
 * from}). Writes only to an empty history table. Publishes {@code db.currentVersion}.
 */
@Mojo(name = "baseline", threadSafe = true)
public class BaselineMojo extends AbstractLockingMojo {
  /**
   * The version the database is at: every migration file up to and including it is recorded as
   * applied. On the command line, {@code -Dversion=V} works too.
   */
  @Parameter(property = "db.baseline.version")
  String version;

  /**
   * Instead of a version, take the applied migrations from another tool's history: {@code flyway}
   * or {@code supabase}.
   */
  @Parameter(property = "db.baseline.from")
  String from;

  /**
   * Flyway's history table for {@code from=flyway}: a name in the connection's current schema, or
   * {@code schema.name}.
   */
  @Parameter(property = "db.baseline.flywayTable", defaultValue = Baseline.DEFAULT_FLYWAY_TABLE)
  String flywayTable;

  /** Skips db:baseline only. */
  @Parameter(property = "db.baseline.skip", defaultValue = "false")
  boolean skipBaseline;

  @Parameter(defaultValue = "${session}", readonly = true)
  MavenSession session;

  @Override
  boolean skipGoal() {
    return skipBaseline;
  }

  @Override
  void run() {
    BaselineResult result =
        new Baseline(migrationConfig(null, true, false, timeouts()), logger())
            .run(
                versionOrFallback(version, session == null ? null : session.getUserProperties()),
                from,
                flywayTable);
    result.currentVersion().ifPresent(v -> publish("db.currentVersion", v.toString()));
  }

  /** {@code db.baseline.version}, or else the plain {@code -Dversion} the docs also accept. */
  static String versionOrFallback(String version, Properties userProperties) {
    if (version != null && !version.isBlank()) {
      return version;
    }
    return userProperties == null ? null : userProperties.getProperty("version");
  }
}
