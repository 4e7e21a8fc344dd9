package io.github.pgkeeper.core.schema;

/**
 * Tablespaces are not part of a schema: a restore may go to a server without them, so objects are
 * recreated in the default tablespace, and each one that was elsewhere is named in a warning.
 */
final class Tablespaces {
  private Tablespaces() {}

  static String warning(String object, String tablespace) {
    return object
        + " is in tablespace "
        + tablespace
        + ": it is recreated in the database's default tablespace";
  }
}
