package io.github.pgkeeper.core.migration;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.text.MessageFormat;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which entry of a failed JDBC batch the server refused. pgjdbc rolls every update count back to
 * "failed" inside a transaction, so the only trace is its message, "Batch entry {0} {1} was
 * aborted: …", with the entry's index and text (or {@code <unknown>} when the connection hides
 * query text). The index is accepted only when it appears next to its own entry's text, so a
 * translated or reworded message yields nothing rather than a wrong line.
 */
final class FailedBatchEntry {
  private FailedBatchEntry() {}

  static OptionalInt find(SQLException error, List<String> entries) {
    if (!(error instanceof BatchUpdateException)) {
      return OptionalInt.empty();
    }
    String message = String.valueOf(error.getMessage());
    int found = -1;
    for (int i = 0; i < entries.size(); i++) {
      if (mentions(message, i, entries.get(i)) || mentions(message, i, "<unknown>")) {
        if (found >= 0) {
          return OptionalInt.empty();
        }
        found = i;
      }
    }
    return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
  }

  /** The server's own error, which the driver chains behind its batch summary. */
  static SQLException serverError(SQLException error) {
    SQLException next = error.getNextException();
    return next != null ? next : error;
  }

  private static boolean mentions(String message, int index, String text) {
    // Formatted as the driver formats it (MessageFormat, default locale), then text after it.
    String needle = MessageFormat.format("{0}", index) + " " + text;
    for (int at = message.indexOf(needle); at >= 0; at = message.indexOf(needle, at + 1)) {
      if (at == 0 || !Character.isLetterOrDigit(message.charAt(at - 1))) {
        return true;
      }
    }
    return false;
  }
}
