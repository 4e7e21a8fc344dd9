package io.github.pgkeeper.core.lint;

import java.util.Locale;
import java.util.Optional;

/** How much a finding matters. {@link #OFF} turns a rule off. */
public enum Severity {
  ERROR("error"),
  WARNING("warning"),
  INFO("note"),
  OFF("none");

  private final String sarifLevel;

  Severity(String sarifLevel) {
    this.sarifLevel = sarifLevel;
  }

  /** The SARIF 2.1.0 {@code level}: error, warning, note or none. */
  public String sarifLevel() {
    return sarifLevel;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code error}, {@code warning}, {@code info} or {@code off}, ignoring case. */
  public static Optional<Severity> parse(String text) {
    String value = text.trim().toUpperCase(Locale.ROOT);
    for (Severity severity : values()) {
      if (severity.name().equals(value)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
