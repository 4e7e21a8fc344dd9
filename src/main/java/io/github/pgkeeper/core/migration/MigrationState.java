package io.github.pgkeeper.core.migration;

/** Where one migration stands, comparing the files with the history table. */
public enum MigrationState {
  APPLIED("applied"),
  PENDING("pending"),
  /** Its last run failed and was rolled back; the next migrate tries it again. */
  FAILED("failed"),
  /** Recorded as applied, but no file with its version exists any more. */
  MISSING_FILE("applied, file missing"),
  /** Recorded as applied, but the file changed since. */
  CHECKSUM_CHANGED("checksum changed"),
  /** Not applied, and older than the newest applied migration. */
  OUT_OF_ORDER("out of order");

  private final String label;

  MigrationState(String label) {
    this.label = label;
  }

  /** The words status prints for this state. */
  public String label() {
    return label;
  }
}
