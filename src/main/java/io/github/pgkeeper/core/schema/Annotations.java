package io.github.pgkeeper.core.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects comments and grants are about. A {@code COMMENT} or {@code ACL} object is named after
 * what it annotates ({@code TABLE public.orders}, {@code COLUMN public.orders.total}, {@code
 * FUNCTION public.add(integer, integer)}); {@code pg_depend} links neither to it, yet dropping the
 * object drops them both.
 */
final class Annotations {
  private final Map<String, SchemaObject> byName = new HashMap<>();

  Annotations(SchemaModel model) {
    for (SchemaObject object : model.objects()) {
      if (!isAnnotation(object.kind())) {
        byName.putIfAbsent(object.name(), object);
      }
    }
  }

  static boolean isAnnotation(ObjectKind kind) {
    return kind == ObjectKind.COMMENT || kind == ObjectKind.ACL;
  }

  /** What target words and name an annotation has: {@code TABLE} and {@code public.orders}. */
  record Target(String words, SchemaObject object) {}

  /** The annotated object, or empty when it is not in the model (a column's table is). */
  Optional<Target> target(String annotationName) {
    for (int space = annotationName.indexOf(' ');
        space >= 0;
        space = annotationName.indexOf(' ', space + 1)) {
      String words = annotationName.substring(0, space);
      String rest = annotationName.substring(space + 1);
      SchemaObject object = byName.get(rest);
      if (object == null && words.equals("COLUMN")) {
        object = byName.get(SqlNames.tableOfColumn(rest));
      }
      if (object != null) {
        return Optional.of(new Target(words, object));
      }
    }
    return Optional.empty();
  }

  /**
   * The grants an object has when none were ever given or taken, in {@code acldefault}'s order, as
   * statements: what a grant's statements start from.
   */
  static List<String> defaultGrants(String words, String name, String owner) {
    String on = " ON " + words + " " + name + " TO ";
    String ownerRole = SchemaObject.quote(owner);
    return switch (words) {
      case "FUNCTION", "PROCEDURE", "AGGREGATE", "ROUTINE" ->
          List.of("GRANT ALL" + on + "PUBLIC", "GRANT ALL" + on + ownerRole);
      case "TYPE", "DOMAIN" -> List.of("GRANT ALL" + on + "PUBLIC", "GRANT ALL" + on + ownerRole);
      default -> List.of("GRANT ALL" + on + ownerRole);
    };
  }
}
