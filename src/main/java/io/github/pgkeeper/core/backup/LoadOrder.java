package io.github.pgkeeper.core.backup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sorts tables so that each comes after the tables its foreign keys reference (Kahn's algorithm,
 * ties kept in the given order). A cycle is broken by taking the first remaining table of the cycle
 * in the given order; self-references are ignored for ordering.
 */
final class LoadOrder {
  private LoadOrder() {}

  /**
   * @param tables keys in the preferred order for ties
   * @param parents for each key, the keys it references (keys not in {@code tables} are ignored)
   */
  static <K> List<K> sort(List<K> tables, Map<K, Set<K>> parents) {
    Map<K, Set<K>> waitingOn = new LinkedHashMap<>();
    for (K table : tables) {
      Set<K> own = new LinkedHashSet<>(parents.getOrDefault(table, Set.of()));
      own.remove(table);
      own.retainAll(tables);
      waitingOn.put(table, own);
    }
    List<K> order = new ArrayList<>();
    while (!waitingOn.isEmpty()) {
      K next = null;
      for (Map.Entry<K, Set<K>> entry : waitingOn.entrySet()) {
        if (entry.getValue().isEmpty()) {
          next = entry.getKey();
          break;
        }
      }
      if (next == null) {
        next = onACycle(waitingOn);
      }
      waitingOn.remove(next);
      order.add(next);
      for (Set<K> waiting : waitingOn.values()) {
        waiting.remove(next);
      }
    }
    return order;
  }

  /**
   * A table on a cycle, found by following references from the first waiting table until one
   * repeats; a table that merely waits on a cycle is never taken before it.
   */
  private static <K> K onACycle(Map<K, Set<K>> waitingOn) {
    Set<K> seen = new LinkedHashSet<>();
    K current = waitingOn.keySet().iterator().next();
    while (seen.add(current)) {
      current = waitingOn.get(current).iterator().next();
    }
    return current;
  }
}
