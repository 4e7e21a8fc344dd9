package io.github.pgkeeper.core.schema;

import io.github.pgkeeper.core.schema.Alterations.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The migration that turns the schema the migrations produce into the live one, so that changes
 * made by hand can be adopted into the history. Applied after the other migrations to a new
 * database, it produces the live schema.
 *
 * <p>It first drops, in the reverse of the migrated schema's order, what the live schema lacks and
 * what has to be made again: an object that cannot be changed in place, with every object that
 * depends on it (from {@code pg_depend}, and the comments and grants on it). Then, in the live
 * schema's order, it creates what is new or made again, and changes the rest in place: tables
 * column by column, sequences, function bodies, enum labels, defaults, comments, grants, owners.
 * Statements that may lose data have a {@code -- WARNING:} comment above them.
 */
public final class DriftMigration {
  /** Kinds that use a table's columns so that ALTER COLUMN … TYPE refuses to run under them. */
  private static final Set<ObjectKind> USE_COLUMN_TYPES =
      EnumSet.of(
          ObjectKind.VIEW,
          ObjectKind.MATERIALIZED_VIEW,
          ObjectKind.RULE,
          ObjectKind.POLICY,
          ObjectKind.TRIGGER);

  private final SchemaDiff diff;
  private final Annotations migratedAnnotations;
  private final Map<ObjectKey, Difference> byKey = new HashMap<>();
  private final Map<ObjectKey, List<Step>> inPlace = new HashMap<>();
  private final Map<ObjectKey, List<ObjectKey>> dependentsOf;
  private final Set<ObjectKey> remade;

  private DriftMigration(SchemaDiff diff) {
    this.diff = diff;
    this.migratedAnnotations = new Annotations(diff.migrated());
    this.dependentsOf = dependentsOf(diff.migrated(), migratedAnnotations);
    diff.differences().forEach(d -> byKey.put(d.key(), d));
    Set<ObjectKey> seeds = new LinkedHashSet<>();
    for (Difference difference : diff.differences()) {
      if (difference.change() == Change.REMOVED) {
        seeds.add(difference.key());
      } else if (difference.change() == Change.CHANGED) {
        Optional<List<Step>> steps = Alterations.of(difference, migratedAnnotations);
        if (steps.isPresent()) {
          inPlace.put(difference.key(), steps.get());
          if (changesColumnTypes(difference)) {
            seeds.addAll(dependents(difference.key(), USE_COLUMN_TYPES));
          }
        } else {
          seeds.add(difference.key());
        }
      }
    }
    this.remade = closure(seeds);
  }

  /**
   * The migration's SQL, or a file that only says so when there is no difference.
   *
   * @param title the first comment lines (what it is, when and from what it was made)
   */
  public static String write(SchemaDiff diff, String title) {
    return new DriftMigration(diff).sql(title);
  }

  private String sql(String title) {
    StringBuilder sql = new StringBuilder();
    for (String line : title.split("\n", -1)) {
      sql.append("-- ").append(line).append('\n');
    }
    if (diff.isEmpty()) {
      return sql.append("-- The live schema is the one the migrations produce.\n").toString();
    }
    sql.append("-- Review it before you apply it: statements under a WARNING lose data.\n");
    if (inPlace.values().stream()
        .flatMap(List::stream)
        .anyMatch(step -> step.statement() != null && step.statement().contains(" ADD VALUE "))) {
      sql.append(
          "-- A label ALTER TYPE … ADD VALUE adds cannot be used in the same transaction.\n");
    }
    for (String warning : diff.live().warnings()) {
      sql.append("-- not compared: ").append(warning.replace('\n', ' ')).append('\n');
    }
    if (createsRoutines()) {
      // As pg_dump does: a function's body may name a table this file creates after it.
      sql.append("SET check_function_bodies = false;\n");
    }
    List<SchemaObject> migratedOrder = new ArrayList<>(diff.migrated().objects());
    java.util.Collections.reverse(migratedOrder);
    for (SchemaObject object : migratedOrder) {
      if (remade.contains(object.key())) {
        block(sql, object.key(), dropReason(object.key()), drop(object));
      }
    }
    for (SchemaObject object : diff.live().objects()) {
      Difference difference = byKey.get(object.key());
      if (remade.contains(object.key())
          || difference != null && difference.change() == Change.ADDED) {
        block(sql, object.key(), createReason(object.key()), create(object));
      } else if (inPlace.containsKey(object.key())) {
        block(sql, object.key(), "changed", inPlace.get(object.key()));
      }
    }
    return sql.toString();
  }

  /** Whether a function or procedure is created or replaced. */
  private boolean createsRoutines() {
    for (SchemaObject object : diff.live().objects()) {
      ObjectKind kind = object.kind();
      Difference difference = byKey.get(object.key());
      if ((kind == ObjectKind.FUNCTION || kind == ObjectKind.PROCEDURE)
          && (remade.contains(object.key()) || difference != null)) {
        return true;
      }
    }
    return false;
  }

  private void block(StringBuilder sql, ObjectKey key, String reason, List<Step> steps) {
    if (steps.isEmpty()) {
      return;
    }
    sql.append("\n-- ").append(key).append(": ").append(reason).append('\n');
    for (Step step : steps) {
      if (step.warning() != null) {
        sql.append("-- WARNING: ").append(step.warning()).append('\n');
      }
      if (step.statement() != null) {
        sql.append(step.statement()).append(";\n");
      }
    }
  }

  private List<Step> drop(SchemaObject object) {
    List<Step> steps = Alterations.steps(Drops.of(object, migratedAnnotations));
    if (object.kind() == ObjectKind.TABLE && !steps.isEmpty()) {
      Step last = steps.get(steps.size() - 1);
      steps.set(
          steps.size() - 1,
          new Step(last.statement(), "drops table " + object.name() + " and all its rows"));
    }
    return steps;
  }

  private static List<Step> create(SchemaObject object) {
    List<Step> steps = Alterations.steps(object.statements());
    if (object.ownerStatement() != null) {
      steps.add(Step.of(object.ownerStatement()));
    }
    if (object.kind() == ObjectKind.MATERIALIZED_VIEW) {
      steps.add(Step.of("REFRESH MATERIALIZED VIEW " + object.name()));
    }
    return steps;
  }

  private String dropReason(ObjectKey key) {
    Difference difference = byKey.get(key);
    if (difference == null) {
      return "dropped to be made again, as it depends on what changes";
    }
    return difference.change() == Change.REMOVED ? "removed" : "changed, dropped to be made again";
  }

  private String createReason(ObjectKey key) {
    Difference difference = byKey.get(key);
    if (difference == null) {
      return "made again";
    }
    return difference.change() == Change.ADDED ? "added" : "changed, made again";
  }

  private static boolean changesColumnTypes(Difference difference) {
    if (difference.key().kind() != ObjectKind.TABLE) {
      return false;
    }
    for (PartDifference part : difference.parts()) {
      if (part.change() == Change.CHANGED
          && !ColumnDefinition.parse(part.migrated())
              .sameType(ColumnDefinition.parse(part.live()))) {
        return true;
      }
    }
    return false;
  }

  /** The objects to drop and make again: the seeds and all that depends on them, migrated side. */
  private Set<ObjectKey> closure(Set<ObjectKey> seeds) {
    Set<ObjectKey> all = new HashSet<>();
    Deque<ObjectKey> work = new ArrayDeque<>(seeds);
    while (!work.isEmpty()) {
      ObjectKey next = work.pop();
      if (all.add(next)) {
        work.addAll(dependents(next, null));
      }
    }
    return all;
  }

  /** The migrated objects that depend on {@code key} directly, of the given kinds (null: all). */
  private List<ObjectKey> dependents(ObjectKey key, Set<ObjectKind> kinds) {
    return dependentsOf.getOrDefault(key, List.of()).stream()
        .filter(k -> kinds == null || kinds.contains(k.kind()))
        .toList();
  }

  /**
   * For each migrated object, those that depend on it: from {@code pg_depend}, and the comments and
   * grants about it. Built once, so that following dependencies costs what they number.
   */
  private static Map<ObjectKey, List<ObjectKey>> dependentsOf(
      SchemaModel model, Annotations annotations) {
    Map<ObjectKey, List<ObjectKey>> dependents = new HashMap<>();
    for (SchemaObject object : model.objects()) {
      Set<ObjectKey> on = new HashSet<>(object.dependsOn());
      if (Annotations.isAnnotation(object.kind())) {
        annotations.target(object.name()).ifPresent(t -> on.add(t.object().key()));
      }
      for (ObjectKey key : on) {
        dependents.computeIfAbsent(key, k -> new ArrayList<>()).add(object.key());
      }
    }
    return dependents;
  }
}
