package io.github.pgkeeper.core.schema;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the readers of each object kind share while they scan one database: the schemas to read, the
 * objects found so far with the catalog rows that stand for them, and the warnings. Once every
 * reader has run, {@link #model()} reads {@code pg_depend} once for all of them and orders them.
 */
final class CatalogScan {
  private final Connection connection;
  private final List<String> schemas;
  private final Map<ObjectKey, Found> found = new LinkedHashMap<>();
  private final Map<CatalogAddress, ObjectKey> addresses = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Set<String> roles = new TreeSet<>();

  /** An object as a reader found it, before the order is known. */
  private static final class Found {
    final ObjectKey key;
    final String schema;
    final String owner;
    final List<String> statements;
    final List<Part> parts;
    final Set<ObjectKey> dependsOn = new HashSet<>();

    Found(ObjectKey key, String schema, String owner, List<String> statements, List<Part> parts) {
      this.key = key;
      this.schema = schema;
      this.owner = owner;
      this.statements = statements;
      this.parts = parts;
    }
  }

  CatalogScan(Connection connection, List<String> schemas) {
    this.connection = connection;
    this.schemas = List.copyOf(schemas);
  }

  Connection connection() {
    return connection;
  }

  List<String> schemas() {
    return schemas;
  }

  /** The schemas as a {@code text[]} for {@code nspname = ANY(?)}. */
  Array schemaArray() throws SQLException {
    return connection.createArrayOf("text", schemas.toArray());
  }

  /**
   * A SQL condition true when the row {@code oidExpression} of {@code catalog} is not a member of
   * an extension: such objects come back with {@code CREATE EXTENSION}.
   */
  static String notInExtension(String catalog, String oidExpression) {
    return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '"
        + catalog
        + "'::regclass AND e.objid = "
        + oidExpression
        + " AND e.deptype = 'e')";
  }

  /**
   * Records an object.
   *
   * @param schema its schema, or null; objects of a schema depend on it
   * @param owner its owner for kinds with one, else null
   * @param addresses the catalog rows that stand for it in {@code pg_depend}
   */
  ObjectKey add(
      ObjectKind kind,
      String name,
      String schema,
      String owner,
      List<String> statements,
      List<Part> parts,
      CatalogAddress... addresses) {
    ObjectKey key = new ObjectKey(kind, name);
    Found object = new Found(key, schema, owner, List.copyOf(statements), List.copyOf(parts));
    if (found.putIfAbsent(key, object) != null) {
      throw new IllegalStateException("read twice: " + key);
    }
    for (CatalogAddress address : addresses) {
      this.addresses.put(address, key);
    }
    if (owner != null) {
      roles.add(owner);
    }
    if (schema != null && kind != ObjectKind.SCHEMA) {
      object.dependsOn.add(new ObjectKey(ObjectKind.SCHEMA, SchemaObject.quote(schema)));
    }
    return key;
  }

  /** A dependency {@code pg_depend} does not record, or records in a way we split differently. */
  void depends(ObjectKey object, ObjectKey on) {
    Found found = this.found.get(object);
    if (found == null) {
      throw new IllegalStateException("unknown object " + object);
    }
    found.dependsOn.add(on);
  }

  /** The object a catalog row stands for, if it was read. */
  ObjectKey objectAt(CatalogAddress address) {
    return addresses.get(address);
  }

  /** A role named by a grant or a policy: a restore needs it to exist. */
  void role(String role) {
    roles.add(role);
  }

  /** An object that cannot be reproduced, named: never dropped silently. */
  void warn(String warning) {
    warnings.add(warning);
  }

  Set<String> roles() {
    return roles;
  }

  /** Reads {@code pg_depend} for every object found, then orders them. */
  SchemaModel model() throws SQLException {
    readDependencies();
    List<SchemaObject> objects = new ArrayList<>(found.size());
    for (Found object : found.values()) {
      object.dependsOn.remove(object.key);
      objects.add(
          new SchemaObject(
              object.key,
              object.schema,
              object.owner,
              object.key.kind().section(),
              object.statements,
              object.parts,
              object.dependsOn));
    }
    List<String> all = new ArrayList<>(warnings);
    List<SchemaObject> sorted = DependencyOrder.sort(objects, all);
    return new SchemaModel(sorted, all, roles);
  }

  /**
   * Normal and automatic dependencies between the objects found, with one query: a view's rewrite
   * rule on a function, a default on a sequence, a table on a domain. Internal and extension
   * dependencies are left to the readers, which fold such objects into their owners.
   */
  private void readDependencies() throws SQLException {
    if (addresses.isEmpty()) {
      return;
    }
    Long[] oids =
        addresses.keySet().stream().map(CatalogAddress::oid).distinct().toArray(Long[]::new);
    String sql =
        "SELECT classid::regclass::text, objid::bigint, refclassid::regclass::text,"
            + " refobjid::bigint FROM pg_catalog.pg_depend"
            + " WHERE deptype IN ('n', 'a')"
            // Joined, not "= ANY(array)": the planner would estimate each of thousands of
            // elements of a constant array one by one (100 ms for 1,000 tables).
            + " AND objid IN (SELECT pg_catalog.unnest(?::oid[]))"
            + " AND refobjid IN (SELECT pg_catalog.unnest(?::oid[]))";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      Array array = connection.createArrayOf("bigint", oids);
      statement.setArray(1, array);
      statement.setArray(2, array);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ObjectKey from = addresses.get(new CatalogAddress(rows.getString(1), rows.getLong(2)));
          ObjectKey to = addresses.get(new CatalogAddress(rows.getString(3), rows.getLong(4)));
          if (from != null && to != null && !from.equals(to)) {
            found.get(from).dependsOn.add(to);
          }
        }
      }
    }
  }
}
