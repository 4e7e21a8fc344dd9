package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The differences between the schema the migrations produce and the live one, object by object:
 * what the live database has that the migrations do not make ({@link Change#ADDED}), what they make
 * that it lacks ({@link Change#REMOVED}) and what both have, defined differently ({@link
 * Change#CHANGED}). An object is compared by its statements and its owner; a table's columns and an
 * enum's labels also one by one, through their parts.
 *
 * <p>The differences come in a fixed order: added, removed, changed, each by kind then name.
 */
public final class SchemaDiff {
  private static final Comparator<Difference> ORDER =
      Comparator.comparing(Difference::change).thenComparing(Difference::key);

  private final SchemaModel migrated;
  private final SchemaModel live;
  private final List<Difference> differences;

  private SchemaDiff(SchemaModel migrated, SchemaModel live, List<Difference> differences) {
    this.migrated = migrated;
    this.live = live;
    this.differences = List.copyOf(differences);
  }

  /**
   * @param migrated the schema the migrations produce (built on a shadow database)
   * @param live the schema of the live database
   */
  public static SchemaDiff compare(SchemaModel migrated, SchemaModel live) {
    List<Difference> differences = new ArrayList<>();
    for (SchemaObject after : live.objects()) {
      SchemaObject before = migrated.find(after.key()).orElse(null);
      if (before == null) {
        differences.add(new Difference(Change.ADDED, after.key(), null, after, List.of()));
      } else if (!same(before, after)) {
        differences.add(
            new Difference(Change.CHANGED, after.key(), before, after, parts(before, after)));
      }
    }
    for (SchemaObject before : migrated.objects()) {
      if (live.find(before.key()).isEmpty()) {
        differences.add(new Difference(Change.REMOVED, before.key(), before, null, List.of()));
      }
    }
    differences.sort(ORDER);
    return new SchemaDiff(migrated, live, differences);
  }

  public SchemaModel migrated() {
    return migrated;
  }

  public SchemaModel live() {
    return live;
  }

  /** Added, removed, then changed objects, each by kind then name. */
  public List<Difference> differences() {
    return differences;
  }

  public boolean isEmpty() {
    return differences.isEmpty();
  }

  public List<Difference> of(Change change) {
    return differences.stream().filter(d -> d.change() == change).toList();
  }

  /** This diff without the objects {@code ignored} matches, such as the history table's. */
  public SchemaDiff without(Predicate<ObjectKey> ignored) {
    return new SchemaDiff(
        migrated, live, differences.stream().filter(d -> !ignored.test(d.key())).toList());
  }

  /** The report for a build log: see {@link DiffReport}. */
  public List<String> report() {
    return DiffReport.lines(this);
  }

  /**
   * The statements a diff compares: a sequence's current value ({@code setval}) is data, not
   * schema, so it is left out.
   */
  static List<String> comparableStatements(SchemaObject object) {
    return object.statements().stream()
        .filter(s -> !(object.kind() == ObjectKind.SEQUENCE && s.contains("setval(")))
        .toList();
  }

  private static boolean same(SchemaObject before, SchemaObject after) {
    return Objects.equals(before.owner(), after.owner())
        && comparableStatements(before).equals(comparableStatements(after))
        && before.parts().equals(after.parts());
  }

  /** The parts that differ: the live object's in its order, then those only the migrated has. */
  private static List<PartDifference> parts(SchemaObject before, SchemaObject after) {
    Map<String, String> old = new LinkedHashMap<>();
    before.parts().forEach(p -> old.put(p.name(), p.definition()));
    List<PartDifference> changes = new ArrayList<>();
    for (Part part : after.parts()) {
      String was = old.remove(part.name());
      if (was == null) {
        changes.add(new PartDifference(Change.ADDED, part.name(), null, part.definition()));
      } else if (!was.equals(part.definition()) && after.kind() != ObjectKind.TYPE) {
        // An enum label's definition is its position, which moves when a label is added before.
        changes.add(new PartDifference(Change.CHANGED, part.name(), was, part.definition()));
      }
    }
    old.forEach((name, was) -> changes.add(new PartDifference(Change.REMOVED, name, was, null)));
    return changes;
  }
}
