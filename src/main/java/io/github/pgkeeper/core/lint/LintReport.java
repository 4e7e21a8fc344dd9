package io.github.pgkeeper.core.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * What db:validate found, in report order, and how much it looked at.
 *
 * @param filesChecked migration files whose statements were read
 * @param statementsChecked statements in them
 */
public record LintReport(List<Finding> findings, int filesChecked, int statementsChecked) {

  public LintReport {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(Finding.ORDER);
    findings = List.copyOf(sorted);
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** The findings that fail the build under {@code failOn}. */
  public List<Finding> failures(FailOn failOn) {
    return findings.stream().filter(f -> failOn.fails(f.severity())).toList();
  }

  /** This report with more findings, such as those of the online or shadow checks. */
  public LintReport plus(List<Finding> more) {
    List<Finding> all = new ArrayList<>(findings);
    all.addAll(more);
    return new LintReport(all, filesChecked, statementsChecked);
  }

  /** For example: "Checked 12 files (85 statements): 2 errors, 1 warning, 0 notes." */
  public String summary() {
    return "Checked "
        + filesChecked
        + (filesChecked == 1 ? " file (" : " files (")
        + statementsChecked
        + (statementsChecked == 1 ? " statement): " : " statements): ")
        + plural(count(Severity.ERROR), "error")
        + ", "
        + plural(count(Severity.WARNING), "warning")
        + ", "
        + plural(count(Severity.INFO), "note")
        + ".";
  }

  private static String plural(long count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }
}
