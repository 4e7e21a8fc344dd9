package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Takes apart the names a model gives its objects, as SQL writes them: {@code public."Audit
 * Log".total} into its identifiers, {@code orders_pkey ON public.orders} into the object and its
 * table. Quoted identifiers may hold dots and spaces, so neither is split inside quotes.
 */
final class SqlNames {
  private SqlNames() {}

  /** The identifiers of a dotted name, each as written (quoted where it was). */
  static List<String> identifiers(String qualified) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == '.' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  /** {@code public.orders.total}: the table {@code public.orders}. */
  static String tableOfColumn(String qualifiedColumn) {
    List<String> parts = identifiers(qualifiedColumn);
    return String.join(".", parts.subList(0, parts.size() - 1));
  }

  /** {@code public.orders.total}: the column {@code total}. */
  static String column(String qualifiedColumn) {
    List<String> parts = identifiers(qualifiedColumn);
    return parts.get(parts.size() - 1);
  }

  /**
   * {@code orders_pkey ON public.orders}: the index of the {@code " ON "} outside quotes, or -1.
   */
  static int onAt(String name) {
    boolean quoted = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && name.startsWith(" ON ", i)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code orders_pkey ON public.orders}: {@code orders_pkey}. */
  static String beforeOn(String name) {
    int at = onAt(name);
    return at < 0 ? name : name.substring(0, at);
  }

  /** {@code orders_pkey ON public.orders}: {@code public.orders}. */
  static String afterOn(String name) {
    int at = onAt(name);
    return at < 0 ? name : name.substring(at + 4);
  }
}
