package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Puts objects in an order that creates each after what it depends on: first every pre-data object,
 * then every post-data one. An object that depends on a post-data object is itself moved to
 * post-data (a view grouped by a primary key needs the key). Among objects free to go, the order is
 * pg_dump's: by kind, then by name, so that the same schema always gives the same text.
 */
final class DependencyOrder {
  private static final Comparator<SchemaObject> TIE_BREAK = Comparator.comparing(SchemaObject::key);

  private DependencyOrder() {}

  /**
   * @param loops receives one message per dependency loop that had to be broken
   */
  static List<SchemaObject> sort(List<SchemaObject> objects, List<String> loops) {
    Map<ObjectKey, SchemaObject> byKey = new HashMap<>();
    objects.forEach(o -> byKey.put(o.key(), o));
    Map<ObjectKey, Section> sections = sections(objects, byKey);
    List<SchemaObject> sorted = new ArrayList<>(objects.size());
    for (Section section : Section.values()) {
      List<SchemaObject> inSection = new ArrayList<>();
      for (SchemaObject object : objects) {
        if (sections.get(object.key()) == section) {
          inSection.add(object.section() == section ? object : object.inSection(section));
        }
      }
      sorted.addAll(topological(inSection, loops));
    }
    return sorted;
  }

  /** Each object's section: its own, or post-data when anything it depends on is post-data. */
  private static Map<ObjectKey, Section> sections(
      List<SchemaObject> objects, Map<ObjectKey, SchemaObject> byKey) {
    Map<ObjectKey, Section> sections = new HashMap<>();
    objects.forEach(o -> sections.put(o.key(), o.section()));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (SchemaObject object : objects) {
        if (sections.get(object.key()) == Section.POST_DATA) {
          continue;
        }
        for (ObjectKey dependency : object.dependsOn()) {
          if (byKey.containsKey(dependency) && sections.get(dependency) == Section.POST_DATA) {
            sections.put(object.key(), Section.POST_DATA);
            changed = true;
            break;
          }
        }
      }
    }
    return sections;
  }

  /** Kahn's algorithm over the dependencies inside this list; earlier sections are done already. */
  private static List<SchemaObject> topological(List<SchemaObject> objects, List<String> loops) {
    Map<ObjectKey, SchemaObject> byKey = new HashMap<>();
    objects.forEach(o -> byKey.put(o.key(), o));
    Map<ObjectKey, Integer> waitingFor = new HashMap<>();
    Map<ObjectKey, List<SchemaObject>> dependents = new HashMap<>();
    for (SchemaObject object : objects) {
      int count = 0;
      for (ObjectKey dependency : object.dependsOn()) {
        if (byKey.containsKey(dependency) && !dependency.equals(object.key())) {
          count++;
          dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(object);
        }
      }
      waitingFor.put(object.key(), count);
    }
    PriorityQueue<SchemaObject> ready = new PriorityQueue<>(TIE_BREAK);
    PriorityQueue<SchemaObject> remaining = new PriorityQueue<>(TIE_BREAK);
    for (SchemaObject object : objects) {
      (waitingFor.get(object.key()) == 0 ? ready : remaining).add(object);
    }
    List<SchemaObject> sorted = new ArrayList<>(objects.size());
    Set<ObjectKey> done = new HashSet<>();
    while (sorted.size() < objects.size()) {
      SchemaObject next = ready.poll();
      if (next == null) {
        // A loop: break it at the first object pg_dump's order would take.
        SchemaObject first = remaining.poll();
        while (done.contains(first.key())) {
          first = remaining.poll();
        }
        SchemaObject breaker = first;
        next = breaker;
        List<String> waiting =
            breaker.dependsOn().stream()
                .filter(d -> byKey.containsKey(d) && !done.contains(d) && !d.equals(breaker.key()))
                .map(ObjectKey::toString)
                .sorted()
                .toList();
        loops.add(
            breaker.key()
                + " is in a dependency loop with "
                + String.join(", ", waiting)
                + ": it is created first, which may fail");
      }
      if (!done.add(next.key())) {
        continue;
      }
      sorted.add(next);
      for (SchemaObject dependent : dependents.getOrDefault(next.key(), List.of())) {
        int left = waitingFor.merge(dependent.key(), -1, Integer::sum);
        if (left == 0 && !done.contains(dependent.key())) {
          ready.add(dependent);
        }
      }
    }
    return sorted;
  }
}
