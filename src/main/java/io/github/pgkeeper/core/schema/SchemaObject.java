package io.github.pgkeeper.core.schema;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One object of a schema, as the SQL that recreates it.
 *
 * @param key its kind and name
 * @param schema the schema it lives in, or null (extensions, publications, default privileges)
 * @param owner the role that owns it, for kinds with an owner of their own; else null. Not part of
 *     {@code statements}: a restore decides whether to set it.
 * @param section when a restore creates it
 * @param statements the statements that create it, each without its closing semicolon
 * @param parts the pieces a diff compares one by one (a table's columns), in order; may be empty
 * @param dependsOn the objects it needs to exist first, from {@code pg_depend}; only objects of the
 *     same model
 */
public record SchemaObject(
    ObjectKey key,
    String schema,
    String owner,
    Section section,
    List<String> statements,
    List<Part> parts,
    Set<ObjectKey> dependsOn) {

  private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");

  public SchemaObject {
    statements = List.copyOf(statements);
    parts = List.copyOf(parts);
    dependsOn = Set.copyOf(dependsOn);
  }

  public ObjectKind kind() {
    return key.kind();
  }

  public String name() {
    return key.name();
  }

  /** {@code ALTER TABLE public.orders OWNER TO app}, or null when it has no owner. */
  public String ownerStatement() {
    if (owner == null || key.kind().ownerKeyword() == null) {
      return null;
    }
    return "ALTER " + key.kind().ownerKeyword() + " " + key.name() + " OWNER TO " + quote(owner);
  }

  /** The same object in another section (it depends on an object created later). */
  public SchemaObject inSection(Section newSection) {
    return new SchemaObject(key, schema, owner, newSection, statements, parts, dependsOn);
  }

  /** The definition a diff compares: the statements, one per line. */
  public String definition() {
    return String.join(";\n", statements) + ";";
  }

  /** An identifier quoted only when PostgreSQL needs it to be, as {@code quote_ident} does. */
  static String quote(String identifier) {
    if (PLAIN_IDENTIFIER.matcher(identifier).matches() && !Keywords.RESERVED.contains(identifier)) {
      return identifier;
    }
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
