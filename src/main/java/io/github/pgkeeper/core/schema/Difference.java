package io.github.pgkeeper.core.schema;

import java.util.List;

/**
 * One object that differs between the schema the migrations produce and the live one.
 *
 * @param migrated the object as the migrations make it; null when {@link Change#ADDED}
 * @param live the object in the live database; null when {@link Change#REMOVED}
 * @param parts for a change, the parts (columns, labels) that differ, in the live object's order
 *     then the removed ones; empty when the object has no parts or they are the same
 */
public record Difference(
    Change change,
    ObjectKey key,
    SchemaObject migrated,
    SchemaObject live,
    List<PartDifference> parts) {

  public Difference {
    parts = List.copyOf(parts);
  }

  /** The owner differs (the only change of some objects). */
  public boolean ownerChanged() {
    return change == Change.CHANGED && !java.util.Objects.equals(migrated.owner(), live.owner());
  }

  /** The statements differ beyond the parts (and the owner). */
  public boolean statementsChanged() {
    return change == Change.CHANGED
        && !SchemaDiff.comparableStatements(migrated).equals(SchemaDiff.comparableStatements(live));
  }
}
