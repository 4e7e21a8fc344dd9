package io.github.pgkeeper.core.lint;

import java.util.List;

/**
 * GitHub Actions workflow commands ({@code ::error file=...,line=...,col=...::message}) that show
 * findings on the pull request's diff. They must start a line of the job's output, so the caller
 * prints them as they are, without a log-level prefix.
 */
public final class GithubAnnotations {
  private GithubAnnotations() {}

  /** True when running in GitHub Actions, which sets {@code GITHUB_ACTIONS=true}. */
  public static boolean enabled(String githubActionsVariable) {
    return "true".equalsIgnoreCase(githubActionsVariable);
  }

  public static List<String> lines(LintReport report) {
    return report.findings().stream().map(GithubAnnotations::line).toList();
  }

  static String line(Finding finding) {
    String command =
        switch (finding.severity()) {
          case ERROR -> "error";
          case WARNING -> "warning";
          default -> "notice";
        };
    String fix =
        finding.fix() == null || finding.fix().isEmpty() ? "" : " (fix: " + finding.fix() + ")";
    return "::"
        + command
        + " file="
        + property(finding.file())
        + ",line="
        + Math.max(1, finding.line())
        + ",col="
        + Math.max(1, finding.column())
        + ",title="
        + property(finding.rule().id())
        + "::"
        + data(finding.message() + fix);
  }

  /** Escapes a message as the runner expects. */
  private static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a property value, which also cannot hold a colon or a comma. */
  private static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }
}
