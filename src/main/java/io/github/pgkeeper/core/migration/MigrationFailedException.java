package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;

/** A migration whose SQL the server rejected. It was rolled back; earlier ones stay applied. */
public class MigrationFailedException extends PgKeeperException {
  private final MigrationFile file;
  private final int line;
  private final String sqlState;

  public MigrationFailedException(
      String message, MigrationFile file, int line, String sqlState, Throwable cause) {
    super(message, null, cause);
    this.file = file;
    this.line = line;
    this.sqlState = sqlState;
  }

  public MigrationFile file() {
    return file;
  }

  /** The line of the failing statement (or of the exact error position) in the file. */
  public int line() {
    return line;
  }

  public String sqlState() {
    return sqlState;
  }
}
