package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a validate run's findings go: one log line each at its severity and a summary, the SARIF
 * and JUnit files, and, in GitHub Actions, workflow commands.
 *
 * @param toolVersion recorded in the SARIF file
 * @param annotations receives GitHub's {@code ::error} lines, or null outside GitHub Actions;
 *     workflow commands must start the line, so they cannot go through a logger that prefixes it
 */
public record ReportOutput(
    Path sarifFile, Path junitFile, String toolVersion, Consumer<String> annotations) {

  /** Publishes {@code report} and returns the findings that fail the run at {@code failOn}. */
  public List<Finding> publish(LintReport report, FailOn failOn, Logger log) {
    for (Finding finding : report.findings()) {
      switch (finding.severity()) {
        case ERROR -> log.error(finding.format());
        case WARNING -> log.warn(finding.format());
        default -> log.info(finding.format());
      }
    }
    log.info(report.summary());
    if (annotations != null) {
      GithubAnnotations.lines(report).forEach(annotations);
    }
    try {
      SarifReport.write(report, toolVersion, sarifFile);
      JUnitReport.write(report, failOn, junitFile);
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot write the validate reports: " + e.getMessage(), Setting.VALIDATE_REPORT_FILES, e);
    }
    log.info("Reports: " + sarifFile + ", " + junitFile);
    return report.failures(failOn);
  }
}
