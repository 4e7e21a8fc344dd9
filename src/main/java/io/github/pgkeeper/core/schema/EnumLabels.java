package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An enum whose live labels are its migrated ones with more in between: {@code ALTER TYPE … ADD
 * VALUE … BEFORE/AFTER} adds them in place. A label removed or moved needs the type dropped.
 */
final class EnumLabels {
  private EnumLabels() {}

  static Optional<List<Alterations.Step>> added(Difference difference) {
    SchemaObject before = difference.migrated();
    SchemaObject after = difference.live();
    List<String> old = labels(before);
    List<String> now = labels(after);
    if (old.isEmpty() || now.isEmpty() || !inOrder(old, now)) {
      return Optional.empty();
    }
    List<Alterations.Step> steps = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      String label = now.get(i);
      if (old.contains(label)) {
        continue;
      }
      String where =
          i == 0
              ? " BEFORE " + now.stream().filter(old::contains).findFirst().orElseThrow()
              : " AFTER " + now.get(i - 1);
      steps.add(Alterations.Step.of("ALTER TYPE " + after.name() + " ADD VALUE " + label + where));
    }
    return Optional.of(steps);
  }

  /** The labels as SQL literals, in order. */
  private static List<String> labels(SchemaObject type) {
    return type.parts().stream()
        .map(p -> p.name().startsWith("'") ? p.name() : literal(p.name()))
        .toList();
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** Whether every old label is still there, in the same order. */
  private static boolean inOrder(List<String> old, List<String> now) {
    int at = 0;
    for (String label : now) {
      if (at < old.size() && old.get(at).equals(label)) {
        at++;
      } else if (old.contains(label)) {
        return false;
      }
    }
    return at == old.size();
  }
}
