package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The statements that remove one object of a model, by its kind and name. */
final class Drops {
  private Drops() {}

  /**
   * @param object the object as the model being changed has it
   * @param annotations that model's annotated objects, for resetting grants
   */
  static List<String> of(SchemaObject object, Annotations annotations) {
    String name = object.name();
    return switch (object.kind()) {
      case SCHEMA -> List.of("DROP SCHEMA " + name);
      case EXTENSION -> List.of("DROP EXTENSION " + name);
      case COLLATION -> List.of("DROP COLLATION " + name);
      case STATISTICS -> List.of("DROP STATISTICS " + name);
      case TYPE -> List.of("DROP TYPE " + name);
      case DOMAIN -> List.of("DROP DOMAIN " + name);
      case FUNCTION -> List.of("DROP FUNCTION " + name);
      case PROCEDURE -> List.of("DROP PROCEDURE " + name);
      case AGGREGATE -> List.of("DROP AGGREGATE " + name);
      case SEQUENCE -> List.of("DROP SEQUENCE " + name);
      case TABLE -> List.of("DROP TABLE " + name);
      case VIEW -> List.of("DROP VIEW " + name);
      case MATERIALIZED_VIEW -> List.of("DROP MATERIALIZED VIEW " + name);
      case INDEX -> List.of("DROP INDEX " + name);
      case DEFAULT ->
          List.of(
              "ALTER TABLE "
                  + SqlNames.tableOfColumn(name)
                  + " ALTER COLUMN "
                  + SqlNames.column(name)
                  + " DROP DEFAULT");
      case SEQUENCE_OWNED_BY -> List.of("ALTER SEQUENCE " + sequenceOf(object) + " OWNED BY NONE");
      case CHECK_CONSTRAINT, CONSTRAINT, FOREIGN_KEY -> constraint(name);
      case TRIGGER -> List.of("DROP TRIGGER " + name);
      case RULE -> List.of("DROP RULE " + name);
      case POLICY -> List.of("DROP POLICY " + name);
      case ROW_SECURITY -> {
        String table = SqlNames.afterOn(name);
        yield List.of(
            "ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE " + table + " DISABLE ROW LEVEL SECURITY");
      }
      case PUBLICATION -> List.of("DROP PUBLICATION " + name);
      case PUBLICATION_TABLE -> publicationTable(object);
      case COMMENT -> List.of("COMMENT ON " + name + " IS NULL");
      case ACL -> resetGrants(object, annotations);
      case DEFAULT_ACL -> undo(object);
    };
  }

  /** {@code c ON public.t}, or {@code c ON DOMAIN public.d}. */
  private static List<String> constraint(String name) {
    String on = SqlNames.afterOn(name);
    String constraint = SqlNames.beforeOn(name);
    if (on.startsWith("DOMAIN ")) {
      return List.of("ALTER DOMAIN " + on.substring(7) + " DROP CONSTRAINT " + constraint);
    }
    return List.of("ALTER TABLE " + on + " DROP CONSTRAINT " + constraint);
  }

  /** {@code ALTER SEQUENCE s OWNED BY t.c}: the sequence is named in the statement. */
  private static String sequenceOf(SchemaObject object) {
    for (String statement : object.statements()) {
      int owned = statement.indexOf(" OWNED BY ");
      if (statement.startsWith("ALTER SEQUENCE ") && owned > 0) {
        return statement.substring("ALTER SEQUENCE ".length(), owned);
      }
    }
    return object.name();
  }

  /** {@code ALTER PUBLICATION p ADD TABLE t …} undone: {@code ALTER PUBLICATION p DROP TABLE t}. */
  private static List<String> publicationTable(SchemaObject object) {
    List<String> drops = new ArrayList<>();
    for (String statement : object.statements()) {
      int add = statement.indexOf(" ADD TABLE ");
      if (add < 0) {
        continue;
      }
      String table = statement.substring(add + " ADD TABLE ".length());
      table = table.replaceFirst("^ONLY ", "").replaceFirst("\\s*(\\(|WHERE ).*$", "");
      drops.add(statement.substring(0, add) + " DROP TABLE " + table.strip());
    }
    return drops;
  }

  /**
   * Grants back to where a new object starts: every privilege of every role the grants name, the
   * owner's too, revoked; then the defaults granted again in {@code acldefault}'s order, so that
   * grants given next line up as they do on a new object.
   */
  static List<String> resetGrants(SchemaObject acl, Annotations annotations) {
    Annotations.Target target = annotations.target(acl.name()).orElse(null);
    List<String> reset = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    roles.add("PUBLIC");
    for (String statement : acl.statements()) {
      for (String role : Grants.grantees(statement)) {
        if (!roles.contains(role)) {
          roles.add(role);
        }
      }
    }
    String owner = target == null ? null : target.object().owner();
    if (owner != null && !roles.contains(SchemaObject.quote(owner))) {
      roles.add(SchemaObject.quote(owner));
    }
    for (String role : roles) {
      reset.add("REVOKE ALL ON " + acl.name() + " FROM " + role + " CASCADE");
    }
    if (owner != null) {
      String name = acl.name().substring(target.words().length() + 1);
      reset.addAll(Annotations.defaultGrants(target.words(), name, owner));
    }
    return reset;
  }

  /** Each statement turned around, last first. */
  private static List<String> undo(SchemaObject object) {
    List<String> undo = new ArrayList<>();
    for (String statement : object.statements()) {
      String inverse = Grants.invert(statement);
      if (inverse != null) {
        undo.add(inverse);
      }
    }
    Collections.reverse(undo);
    return undo;
  }
}
