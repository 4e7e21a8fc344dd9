package io.github.pgkeeper.core.lint;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the whole migration set does for row-level security: the tables it creates, those it enables
 * RLS on, and its policies, as they stand after the last file. Dropping a table forgets only that
 * table's facts: its RLS flag and the policies on it, which PostgreSQL drops with it. Rules over
 * these facts can only be decided after the last file.
 */
final class SetFacts {
  /** Where a fact was seen, so a finding about it points there and obeys its db:ignore. */
  record Seen(FileContext file, int statementLine, int line, int column, Words.Name name) {}

  private final Map<String, Seen> createdTables = new LinkedHashMap<>();
  private final Set<String> rlsEnabled = new HashSet<>();

  /** By {@code policy@table}: a policy dropped later is gone, and one created again replaces it. */
  private final Map<String, Seen> policies = new LinkedHashMap<>();

  void tableCreated(Seen table) {
    createdTables.put(table.name().key(), table);
  }

  void tableDropped(Words.Name table) {
    createdTables.remove(table.key());
    rlsEnabled.remove(table.key());
    policies.values().removeIf(policy -> policy.name().key().equals(table.key()));
  }

  void rlsEnabled(Words.Name table) {
    rlsEnabled.add(table.key());
  }

  /** {@code seen.name()} is the policy's table. */
  void policyCreated(Words.Name policy, Seen policyOnTable) {
    policies.put(policyKey(policy, policyOnTable.name()), policyOnTable);
  }

  void policyDropped(Words.Name policy, Words.Name table) {
    policies.remove(policyKey(policy, table));
  }

  private static String policyKey(Words.Name policy, Words.Name table) {
    return policy.name() + "@" + table.key();
  }

  void report(FindingCollector out) {
    Set<String> exposed = out.config().exposedSchemas();
    for (Seen table : createdTables.values()) {
      if (out.config().rowLevelSecurityRequired()
          && exposed.contains(table.name().schemaOrPublic())
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
    for (Seen policy : policies.values()) {
      String table = policy.name().key();
      // Only a table the set creates: one made elsewhere (the dashboard, which enables RLS on new
      // tables by default; a schema file outside the migrations; a baseline) may well have RLS,
      // and a warning about it would be a guess.
      if (createdTables.containsKey(table) && !rlsEnabled.contains(table)) {
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
