package io.github.pgkeeper.core.lint;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the whole migration set does for row-level security: the tables it creates, those it enables
 * RLS on, and its policies. Rules over these facts can only be decided after the last file.
 */
final class SetFacts {
  /** Where a fact was seen, so a finding about it points there and obeys its db:ignore. */
  record Seen(FileContext file, int statementLine, int line, int column, Words.Name name) {}

  private final Map<String, Seen> createdTables = new LinkedHashMap<>();
  private final Set<String> rlsEnabled = new HashSet<>();
  private final List<Seen> policies = new ArrayList<>();

  void tableCreated(Seen table) {
    createdTables.put(table.name().key(), table);
  }

  void tableDropped(Words.Name table) {
    createdTables.remove(table.key());
    rlsEnabled.remove(table.key());
  }

  void rlsEnabled(Words.Name table) {
    rlsEnabled.add(table.key());
  }

  /** {@code seen.name()} is the policy's table. */
  void policyCreated(Seen policyOnTable) {
    policies.add(policyOnTable);
  }

  void report(FindingCollector out) {
    Set<String> exposed = out.config().exposedSchemas();
    for (Seen table : createdTables.values()) {
      if (exposed.contains(table.name().schemaOrPublic())
          && !rlsEnabled.contains(table.name().key())) {
        out.add(
            table.file(),
            table.statementLine(),
            Rule.RLS_NOT_ENABLED,
            table.line(),
            table.column(),
            "Table "
                + table.name().display()
                + " is created in exposed schema "
                + table.name().schemaOrPublic()
                + ", and no migration enables row-level security on it.",
            "ALTER TABLE " + table.name().display() + " ENABLE ROW LEVEL SECURITY");
      }
    }
    for (Seen policy : policies) {
      String table = policy.name().key();
      boolean ours =
          createdTables.containsKey(table) || exposed.contains(policy.name().schemaOrPublic());
      if (ours && !rlsEnabled.contains(table)) {
        out.add(
            policy.file(),
            policy.statementLine(),
            Rule.POLICY_WITHOUT_RLS,
            policy.line(),
            policy.column(),
            "A policy is created on "
                + policy.name().display()
                + ", but no migration enables row-level security on it, so the policy has no"
                + " effect.",
            "ALTER TABLE " + policy.name().display() + " ENABLE ROW LEVEL SECURITY");
      }
    }
  }
}
