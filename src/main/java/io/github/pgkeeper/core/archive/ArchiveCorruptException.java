package io.github.pgkeeper.core.archive;

import io.github.pgkeeper.core.PgKeeperException;

/**
 * An archive that is damaged, truncated or incomplete. The message names the file and the entry,
 * and says what was expected.
 */
public class ArchiveCorruptException extends PgKeeperException {
  public ArchiveCorruptException(String message) {
    super(message);
  }

  public ArchiveCorruptException(String message, Throwable cause) {
    super(message, null, cause);
  }
}
