package io.github.pgkeeper.core.backup;

/** Identifier quoting for the SQL the backup builds. */
final class Identifiers {
  private Identifiers() {}

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }
}
