package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;

/** A migration script that cannot be run as written, reported at its file and line. */
public class MigrationScriptException extends PgKeeperException {
  private final MigrationFile file;
  private final int line;

  public MigrationScriptException(MigrationFile file, int line, int column, String problem) {
    super(file.location(line) + ":" + column + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** A problem in a file that is not itself a migration, such as a companion down script. */
  public MigrationScriptException(String displayPath, int line, int column, String problem) {
    super(displayPath + ":" + line + ":" + column + ": " + problem);
    this.file = null;
    this.line = line;
  }

  /** The migration, or null when the problem is in a companion file. */
  public MigrationFile file() {
    return file;
  }

  public int line() {
    return line;
  }
}
