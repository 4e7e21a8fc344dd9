package io.github.pgkeeper.core.backup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sorts tables so that each comes after the tables its foreign keys reference (Kahn's algorithm,
 * ties kept in the given order). A cycle is broken by taking the first remaining table of the cycle
 * in the given order; self-references are ignored for ordering. Linear in the references but for
 * the heap of tables ready to go: thousands of tables sort in milliseconds.
 */
final class LoadOrder {
  private LoadOrder() {}

  /**
   * @param tables keys in the preferred order for ties
   * @param parents for each key, the keys it references (keys not in {@code tables} are ignored)
   */
  static <K> List<K> sort(List<K> tables, Map<K, Set<K>> parents) {
    Map<K, Integer> index = new HashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      index.putIfAbsent(tables.get(i), i);
    }
    int n = tables.size();
    List<Set<K>> waitingOn = new ArrayList<>(n);
    Map<K, List<Integer>> dependents = new HashMap<>();
    PriorityQueue<Integer> ready = new PriorityQueue<>();
    TreeSet<Integer> remaining = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      K table = tables.get(i);
      Set<K> own = new LinkedHashSet<>(parents.getOrDefault(table, Set.of()));
      own.remove(table);
      own.retainAll(index.keySet());
      waitingOn.add(own);
      for (K parent : own) {
        dependents.computeIfAbsent(parent, k -> new ArrayList<>()).add(i);
      }
      remaining.add(i);
      if (own.isEmpty()) {
        ready.add(i);
      }
    }
    List<K> order = new ArrayList<>(n);
    boolean[] done = new boolean[n];
    while (!remaining.isEmpty()) {
      Integer next = ready.poll();
      if (next != null && done[next]) {
        continue;
      }
      if (next == null) {
        next = onACycle(index, waitingOn, remaining.first());
      }
      done[next] = true;
      remaining.remove(next);
      K table = tables.get(next);
      order.add(table);
      for (int dependent : dependents.getOrDefault(table, List.of())) {
        Set<K> waiting = waitingOn.get(dependent);
        if (waiting.remove(table) && waiting.isEmpty() && !done[dependent]) {
          ready.add(dependent);
        }
      }
    }
    return order;
  }

  /**
   * A table on a cycle, found by following references from the first waiting table until one
   * repeats; a table that merely waits on a cycle is never taken before it.
   */
  private static <K> int onACycle(Map<K, Integer> index, List<Set<K>> waitingOn, int first) {
    Set<Integer> seen = new LinkedHashSet<>();
    int current = first;
    while (seen.add(current)) {
      current = index.get(waitingOn.get(current).iterator().next());
    }
    return current;
  }
}
