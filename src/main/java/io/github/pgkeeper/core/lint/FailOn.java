package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.util.Locale;

/** Which findings fail the build: errors, warnings and errors, or none. */
public enum FailOn {
  ERROR,
  WARNING,
  NEVER;

  /** True when a finding of {@code severity} fails the build. */
  public boolean fails(Severity severity) {
    return switch (this) {
      case ERROR -> severity == Severity.ERROR;
      case WARNING -> severity == Severity.ERROR || severity == Severity.WARNING;
      case NEVER -> false;
    };
  }

  /** Whether a finding counts as a failure in the JUnit report (errors always do). */
  public boolean reportsAsFailure(Severity severity) {
    return severity == Severity.ERROR || fails(severity);
  }

  /**
   * @throws PgKeeperException naming the accepted values
   */
  public static FailOn parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PgKeeperException(
          "failOn is '" + text + "'; use error, warning or never.", Setting.VALIDATE_FAIL_ON);
    }
  }
}
