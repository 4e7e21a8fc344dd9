package io.github.pgkeeper.core.schema;

/**
 * What identifies an object across databases: its kind and its name as SQL writes it, qualified and
 * quoted where needed ({@code public.orders}, {@code public."Audit Log"}, {@code
 * public.add(integer, integer)}). Sub-objects name their table: {@code public.orders.total} for a
 * default, {@code orders_pkey ON public.orders} for a constraint, trigger, rule or policy.
 */
public record ObjectKey(ObjectKind kind, String name) implements Comparable<ObjectKey> {
  @Override
  public int compareTo(ObjectKey other) {
    int byKind = kind.compareTo(other.kind);
    return byKind != 0 ? byKind : name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return kind.label() + " " + name;
  }
}
