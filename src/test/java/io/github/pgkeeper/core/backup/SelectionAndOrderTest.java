package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.Setting;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Table globs and the foreign-key load order, without a database. */
class SelectionAndOrderTest {
  private static final Setting INCLUDE = Setting.BACKUP_INCLUDE_TABLES;

  @Test
  void globsMatchTheNameOrTheQualifiedNameIgnoringCase() {
    TableGlobs globs = new TableGlobs(List.of(" audit_* ", "sales.order?", ""), INCLUDE);
    assertTrue(globs.matches("public", "Audit_Log"));
    assertTrue(globs.matches("sales", "orders"));
    assertFalse(globs.matches("public", "orders"), "qualified glob, other schema");
    assertFalse(globs.matches("sales", "orders_archive"));
    assertFalse(new TableGlobs(List.of("a.b"), INCLUDE).matches("aXb", ""), "the dot is literal");
    assertTrue(new TableGlobs(List.of(), INCLUDE).isEmpty());
  }

  @Test
  void parentsComeFirstAndCyclesAndSelfReferencesDoNotStopTheOrder() {
    Map<String, Set<String>> parents =
        Map.of(
            "orders", Set.of("users", "orders"), // self-reference
            "users", Set.of("teams"),
            "teams", Set.of("users"), // a cycle with users
            "lines", Set.of("orders", "products", "elsewhere"));
    List<String> order =
        LoadOrder.sort(List.of("lines", "orders", "products", "teams", "users"), parents);
    assertEquals(5, order.size());
    assertTrue(order.indexOf("orders") < order.indexOf("lines"));
    assertTrue(order.indexOf("products") < order.indexOf("lines"));
    assertTrue(order.indexOf("users") < order.indexOf("orders"));
    // products references nothing; then only the users-teams cycle can be broken (lines and
    // orders merely wait on it), at users, reached first by following references from lines.
    assertEquals(List.of("products", "users", "orders", "lines", "teams"), order);
  }
}
