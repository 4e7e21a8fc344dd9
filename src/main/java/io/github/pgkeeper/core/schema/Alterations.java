package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements that change an object where it stands, keeping what it holds: a table's columns
 * one by one, a sequence's options, a function's body, an enum's new labels, a default, a comment,
 * grants and owners. Empty when the object has to be dropped and created again instead.
 */
final class Alterations {
  private Alterations() {}

  /** A statement, and the warning to write above it when it may lose data. */
  record Step(String statement, String warning) {
    static Step of(String statement) {
      return new Step(statement, null);
    }
  }

  /**
   * @param migrated the migrated model's annotated objects, for resetting grants
   * @return the steps, or empty when the object cannot be changed where it stands
   */
  static Optional<List<Step>> of(Difference difference, Annotations migrated) {
    SchemaObject before = difference.migrated();
    SchemaObject after = difference.live();
    List<Step> steps = new ArrayList<>();
    boolean statementsChanged =
        !SchemaDiff.comparableStatements(before).equals(SchemaDiff.comparableStatements(after))
            || !before.parts().equals(after.parts());
    if (statementsChanged) {
      Optional<List<Step>> body = body(difference, migrated);
      if (body.isEmpty()) {
        return Optional.empty();
      }
      steps.addAll(body.get());
    }
    if (difference.ownerChanged() && after.ownerStatement() != null) {
      steps.add(Step.of(after.ownerStatement()));
    }
    return Optional.of(steps);
  }

  private static Optional<List<Step>> body(Difference difference, Annotations migrated) {
    SchemaObject before = difference.migrated();
    SchemaObject after = difference.live();
    return switch (after.kind()) {
      case SCHEMA, DEFAULT, COMMENT, SEQUENCE_OWNED_BY -> Optional.of(steps(after.statements()));
      case TABLE -> TableAlterations.of(difference);
      case SEQUENCE -> sequence(before, after);
      case FUNCTION, PROCEDURE -> routine(before, after);
      case TYPE -> EnumLabels.added(difference);
      case ACL -> {
        List<Step> steps = steps(Drops.resetGrants(before, migrated));
        steps.addAll(steps(after.statements()));
        yield Optional.of(steps);
      }
      case DEFAULT_ACL, ROW_SECURITY -> {
        List<Step> steps = steps(Drops.of(before, migrated));
        steps.addAll(steps(after.statements()));
        yield Optional.of(steps);
      }
      default -> Optional.empty();
    };
  }

  /** CREATE SEQUENCE's options are ALTER SEQUENCE's too. */
  private static Optional<List<Step>> sequence(SchemaObject before, SchemaObject after) {
    List<String> statements = SchemaDiff.comparableStatements(after);
    if (statements.isEmpty() || !statements.get(0).startsWith("CREATE SEQUENCE ")) {
      return Optional.empty();
    }
    List<Step> steps = new ArrayList<>();
    steps.add(
        Step.of("ALTER SEQUENCE " + statements.get(0).substring("CREATE SEQUENCE ".length())));
    List<String> old = SchemaDiff.comparableStatements(before);
    for (String statement : statements.subList(1, statements.size())) {
      if (!old.contains(statement)) {
        steps.add(Step.of(statement));
      }
    }
    return Optional.of(steps);
  }

  /**
   * CREATE OR REPLACE keeps what depends on a function, as long as its parameters' names and its
   * result stay: the first line of {@code pg_get_functiondef} and its RETURNS line.
   */
  private static Optional<List<Step>> routine(SchemaObject before, SchemaObject after) {
    String was = before.statements().isEmpty() ? "" : before.statements().get(0);
    String is = after.statements().isEmpty() ? "" : after.statements().get(0);
    if (!is.startsWith("CREATE OR REPLACE ")
        || !signature(was).equals(signature(is))
        || before.statements().size() != after.statements().size()) {
      return Optional.empty();
    }
    return Optional.of(steps(after.statements()));
  }

  private static List<String> signature(String definition) {
    return definition
        .lines()
        .filter(l -> l.startsWith("CREATE ") || l.startsWith(" RETURNS "))
        .toList();
  }

  static List<Step> steps(List<String> statements) {
    List<Step> steps = new ArrayList<>();
    statements.forEach(s -> steps.add(Step.of(s)));
    return steps;
  }
}
