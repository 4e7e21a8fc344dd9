package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;

/**
 * A migration whose SQL the server rejected, or that stopped at a statement: rolled back if it ran
 * in a transaction; earlier migrations stay applied.
 */
public class MigrationFailedException extends PgKeeperException {
  private final MigrationFile file;
  private final int line;
  private final String sqlState;

  public MigrationFailedException(
      String message, MigrationFile file, int line, String sqlState, Throwable cause) {
    this(message, file, line, sqlState, null, cause);
  }

  /**
   * @param setting the setting to change when one is to blame, such as the statement timeout
   */
  public MigrationFailedException(
      String message,
      MigrationFile file,
      int line,
      String sqlState,
      Setting setting,
      Throwable cause) {
    super(message, setting, cause);
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
