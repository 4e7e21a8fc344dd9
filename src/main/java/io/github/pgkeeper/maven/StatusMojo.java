package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.drift.DriftHints;
import io.github.pgkeeper.core.migration.MigrationState;
import io.github.pgkeeper.core.migration.StatusFormat;
import io.github.pgkeeper.core.migration.StatusReport;
import io.github.pgkeeper.core.migration.Timeouts;
import io.github.pgkeeper.core.migration.Version;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Shows every migration with its state (applied, pending, failed, applied but file missing,
 * checksum changed, out of order), when it was applied and how long it took, then a summary; and a
 * warning naming the tables and columns no migration names (drift made by hand: db:diff shows it
 * all). Publishes {@code db.currentVersion}. Changes nothing. Fails on a database a staged
 * db:restore has not finished (running, or killed), naming its marker and what to do.
 */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends AbstractMigrationMojo {
  /** {@code text} (a table) or {@code json}. */
  @Parameter(property = "db.status.format", defaultValue = "text")
  String format;

  /** Also write the report to this file, in the chosen format. */
  @Parameter(property = "db.status.outputFile")
  File outputFile;

  /** Fail the build when a migration is pending, failed or out of order (for CI). */
  @Parameter(property = "db.status.failOnPending", defaultValue = "false")
  boolean failOnPending;

  /** Skips db:status only. */
  @Parameter(property = "db.status.skip", defaultValue = "false")
  boolean skipStatus;

  @Override
  boolean skipGoal() {
    return skipStatus;
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    StatusFormat statusFormat;
    try {
      statusFormat = StatusFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage() + " (<format>, -Ddb.status.format)");
    }
    DriftHints.Status status =
        DriftHints.status(migrationConfig(null, true, false, Timeouts.DEFAULTS), logger());
    StatusReport report = status.report();
    List<String> lines = statusFormat.render(report);
    lines.forEach(getLog()::info);
    if (!status.hints().isEmpty()) {
      getLog().warn(DriftHints.describe(status.hints()));
    }
    writeOutputFile(lines);
    publish("db.currentVersion", report.currentVersion().map(Version::toString).orElse(""));
    int waiting =
        report.inState(MigrationState.PENDING).size()
            + report.inState(MigrationState.FAILED).size()
            + report.inState(MigrationState.OUT_OF_ORDER).size();
    if (failOnPending && waiting > 0) {
      throw new MojoFailureException(
          waiting
              + " migration(s) are not applied. Run db:migrate, or turn off <failOnPending>"
              + " (-Ddb.status.failOnPending=false).");
    }
  }

  private void writeOutputFile(List<String> lines) throws MojoExecutionException {
    if (outputFile == null) {
      return;
    }
    try {
      File parent = outputFile.getAbsoluteFile().getParentFile();
      Files.createDirectories(parent.toPath());
      Files.write(outputFile.toPath(), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "Cannot write the status to " + outputFile + " (<outputFile>, -Ddb.status.outputFile)",
          e);
    }
  }
}
