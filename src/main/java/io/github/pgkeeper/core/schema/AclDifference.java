package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The GRANT and REVOKE statements that turn the privileges an object starts with into the ones it
 * has, as pg_dump computes them: what the start grants and the object lacks is revoked (EXECUTE
 * from PUBLIC on a function), what the object has beyond the start is granted, grant options
 * included. Grants made by a role other than the owner are made as that role ({@code SET ROLE}),
 * after the grants that gave it the grant option; those that cannot be ordered so are named in a
 * warning.
 */
final class AclDifference {
  /**
   * One privilege of one {@code aclitem}, roles quoted as SQL writes them ({@code PUBLIC} for all);
   * {@code column} is the quoted column of a column privilege, else null.
   */
  record Item(String grantor, String grantee, String privilege, boolean grantable, String column) {}

  /** How the statements are spelled: {@code GRANT … ON <what> TO …}, after {@code prefix}. */
  record Spelling(String prefix, String what) {
    String grant(String privileges, String grantee, boolean grantable) {
      return prefix
          + "GRANT "
          + privileges
          + " ON "
          + what
          + " TO "
          + grantee
          + (grantable ? " WITH GRANT OPTION" : "");
    }

    String revoke(String privileges, String grantee, boolean optionOnly) {
      return prefix
          + "REVOKE "
          + (optionOnly ? "GRANT OPTION FOR " : "")
          + privileges
          + " ON "
          + what
          + " FROM "
          + grantee;
    }
  }

  private AclDifference() {}

  /**
   * @param owner the owner, whose grants need no SET ROLE
   * @param start what the object has once created (or, for a schema that exists already, what it
   *     may have), in aclexplode's order
   * @param actual what it has, in aclexplode's order; column privileges carry their column
   * @param warnings receives one line per grant that cannot be reproduced, naming {@code name}
   */
  static List<String> statements(
      String name,
      String owner,
      Spelling spelling,
      List<Item> start,
      List<Item> actual,
      List<String> warnings) {
    List<String> statements = new ArrayList<>();
    revokes(spelling, start, actual, statements);
    grants(name, owner, spelling, start, actual, statements, warnings);
    return statements;
  }

  private static void revokes(
      Spelling spelling, List<Item> start, List<Item> actual, List<String> statements) {
    Set<String> held = new HashSet<>();
    Set<String> heldWithOption = new HashSet<>();
    for (Item item : actual) {
      held.add(item.grantee() + "\0" + item.privilege() + "\0" + item.column());
      if (item.grantable()) {
        heldWithOption.add(item.grantee() + "\0" + item.privilege() + "\0" + item.column());
      }
    }
    Map<String, Set<String>> lost = new LinkedHashMap<>();
    Map<String, Set<String>> optionLost = new LinkedHashMap<>();
    for (Item item : start) {
      String key = item.grantee() + "\0" + item.privilege() + "\0" + item.column();
      if (!held.contains(key)) {
        lost.computeIfAbsent(item.grantee(), g -> new LinkedHashSet<>()).add(item.privilege());
      } else if (item.grantable() && !heldWithOption.contains(key)) {
        optionLost
            .computeIfAbsent(item.grantee(), g -> new LinkedHashSet<>())
            .add(item.privilege());
      }
    }
    lost.forEach(
        (grantee, privileges) ->
            statements.add(spelling.revoke(String.join(", ", privileges), grantee, false)));
    optionLost.forEach(
        (grantee, privileges) ->
            statements.add(spelling.revoke(String.join(", ", privileges), grantee, true)));
  }

  private static void grants(
      String name,
      String owner,
      Spelling spelling,
      List<Item> start,
      List<Item> actual,
      List<String> statements,
      List<String> warnings) {
    Set<Item> present = new HashSet<>(start);
    // By grantor, then by grantee and grant option: the privileges to grant, in order.
    Map<String, Map<List<Object>, List<Item>>> byGrantor = new LinkedHashMap<>();
    for (Item item : actual) {
      if (present.contains(item)) {
        continue;
      }
      byGrantor
          .computeIfAbsent(item.grantor(), g -> new LinkedHashMap<>())
          .computeIfAbsent(List.of(item.grantee(), item.grantable()), k -> new ArrayList<>())
          .add(item);
    }
    // Who holds which grant option once the owner's grants are made.
    Set<String> options = new HashSet<>();
    List<String> pending = new ArrayList<>(byGrantor.keySet());
    pending.remove(owner);
    if (byGrantor.containsKey(owner)) {
      render(spelling, byGrantor.get(owner), statements, options);
    }
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (String grantor : List.copyOf(pending)) {
        Map<List<Object>, List<Item>> groups = byGrantor.get(grantor);
        boolean ready =
            groups.values().stream()
                .flatMap(List::stream)
                .allMatch(
                    i ->
                        options.contains(grantor + "\0" + i.privilege() + "\0" + i.column())
                            || options.contains(grantor + "\0" + i.privilege() + "\0" + null));
        if (ready) {
          statements.add("SET ROLE " + grantor);
          render(spelling, groups, statements, options);
          statements.add("RESET ROLE");
          pending.remove(grantor);
          progress = true;
        }
      }
    }
    for (String grantor : pending) {
      warnings.add(
          "ACL "
              + name
              + ": the grants made by "
              + grantor
              + " (who holds its grant option through a role, or in a loop) are not reproduced;"
              + " grant them again by hand");
    }
  }

  private static void render(
      Spelling spelling,
      Map<List<Object>, List<Item>> groups,
      List<String> statements,
      Set<String> options) {
    groups.forEach(
        (key, items) -> {
          String grantee = (String) key.get(0);
          boolean grantable = (Boolean) key.get(1);
          List<String> privileges = new ArrayList<>();
          for (Item item : items) {
            privileges.add(
                item.column() == null
                    ? item.privilege()
                    : item.privilege() + " (" + item.column() + ")");
            if (grantable) {
              options.add(grantee + "\0" + item.privilege() + "\0" + item.column());
            }
          }
          statements.add(spelling.grant(String.join(", ", privileges), grantee, grantable));
        });
  }
}
