package io.github.pgkeeper.core.archive;

/**
 * One row of the migration history, as the history table holds it, and the script's text.
 *
 * @param content the text of the script as found in the migration locations when the backup ran, or
 *     null when no file with this version was found there
 * @param contentChecksum the checksum of {@code content}; equal to {@code checksum} when the file
 *     is the one that was applied
 */
public record MigrationRecord(
    int rank,
    String version,
    String description,
    String script,
    String checksum,
    String installedBy,
    String installedAt,
    int executionTimeMillis,
    boolean success,
    Integer statementCount,
    Integer statementsApplied,
    String progressChecksum,
    String content,
    String contentChecksum) {

  /** Whether the archive holds the very text that was applied. */
  public boolean contentMatches() {
    return content != null && checksum.equals(contentChecksum);
  }
}
