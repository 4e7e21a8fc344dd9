package io.github.pgkeeper.core.schema;

import io.github.pgkeeper.core.schema.Alterations.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table changed column by column, keeping its rows: ADD COLUMN, DROP COLUMN, ALTER COLUMN TYPE,
 * SET / DROP NOT NULL, identities and generated columns. Statements of the table other than its
 * CREATE (such as {@code ALTER TABLE … SET (fillfactor=…)}) that the live table has are run as they
 * are; those only the migrated table has are named in a comment, for a person to undo. Anything
 * else about the table that differs (persistence, partitioning, inheritance) is not changed in
 * place.
 */
final class TableAlterations {
  private TableAlterations() {}

  static Optional<List<Step>> of(Difference difference) {
    SchemaObject before = difference.migrated();
    SchemaObject after = difference.live();
    List<String> oldShape = TableShape.shape(before);
    List<String> newShape = TableShape.shape(after);
    if (oldShape.isEmpty() || newShape.isEmpty() || !oldShape.get(0).equals(newShape.get(0))) {
      return Optional.empty();
    }
    String table = "ALTER TABLE " + after.name() + " ";
    List<Step> steps = new ArrayList<>();
    for (PartDifference column : difference.parts()) {
      String name = column.name();
      switch (column.change()) {
        case ADDED -> steps.add(Step.of(table + "ADD COLUMN " + name + " " + column.live()));
        case REMOVED ->
            steps.add(
                new Step(
                    table + "DROP COLUMN " + name,
                    "drops column " + name + " of " + after.name() + " and its values"));
        case CHANGED -> steps.addAll(changed(table, name, column, after.name()));
      }
    }
    List<String> oldStatements = SchemaDiff.comparableStatements(before);
    List<String> newStatements = SchemaDiff.comparableStatements(after);
    for (int i = 1; i < newStatements.size(); i++) {
      if (!oldStatements.contains(newStatements.get(i))) {
        steps.add(Step.of(newStatements.get(i)));
      }
    }
    for (int i = 1; i < oldStatements.size(); i++) {
      if (!newStatements.contains(oldStatements.get(i))) {
        steps.add(
            new Step(
                null,
                "the migrations also run this on "
                    + after.name()
                    + ", which the live table does not reflect; undo it by hand: "
                    + oldStatements.get(i).replace('\n', ' ')));
      }
    }
    return Optional.of(steps);
  }

  private static List<Step> changed(
      String table, String name, PartDifference column, String tableName) {
    ColumnDefinition was = ColumnDefinition.parse(column.migrated());
    ColumnDefinition is = ColumnDefinition.parse(column.live());
    List<Step> steps = new ArrayList<>();
    String alter = table + "ALTER COLUMN " + name + " ";
    if (!java.util.Objects.equals(was.generated(), is.generated())) {
      // Generated values are computed, not kept: the column is made again with the new expression.
      steps.add(Step.of(table + "DROP COLUMN " + name));
      steps.add(Step.of(table + "ADD COLUMN " + name + " " + column.live()));
      return steps;
    }
    if (was.identity() != null && !was.identity().equals(is.identity())) {
      steps.add(Step.of(alter + "DROP IDENTITY"));
    }
    if (!was.sameType(is)) {
      steps.add(
          new Step(
              alter + "TYPE " + is.typeWithCollation() + " USING " + name + "::" + is.type(),
              "changes the type of "
                  + tableName
                  + "."
                  + name
                  + " from "
                  + was.typeWithCollation()
                  + " to "
                  + is.typeWithCollation()
                  + ": values that do not fit fail the migration or are cut"));
    }
    if (was.notNull() != is.notNull()) {
      steps.add(Step.of(alter + (is.notNull() ? "SET NOT NULL" : "DROP NOT NULL")));
    }
    if (is.identity() != null && !is.identity().equals(was.identity())) {
      steps.add(Step.of(alter + "ADD " + is.identity()));
    }
    return steps;
  }
}
