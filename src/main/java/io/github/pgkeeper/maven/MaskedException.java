package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;

/**
 * A copy of an exception chain with every message masked. Maven prints the causes of a failure with
 * -e and -X, and a driver exception quotes URLs as they were: the cause handed to Maven is this
 * copy, with the original classes' names and stack traces.
 */
final class MaskedException extends Exception {
  private static final int DEPTH = 20;

  private MaskedException(Throwable original, Throwable cause) {
    // Maven prints this class's name before the message, so the message names the original one.
    super(
        original.getClass().getName()
            + (original.getMessage() == null
                ? ""
                : ": " + ConnectionConfig.mask(original.getMessage())),
        cause);
    setStackTrace(original.getStackTrace());
  }

  /** The masked copy of {@code original} and its causes, or null for null. */
  static MaskedException of(Throwable original) {
    return of(original, DEPTH);
  }

  private static MaskedException of(Throwable original, int depth) {
    if (original == null || depth == 0) {
      return null;
    }
    Throwable cause = original.getCause() == original ? null : original.getCause();
    MaskedException copy = new MaskedException(original, of(cause, depth - 1));
    for (Throwable suppressed : original.getSuppressed()) {
      copy.addSuppressed(of(suppressed, depth - 1));
    }
    return copy;
  }
}
