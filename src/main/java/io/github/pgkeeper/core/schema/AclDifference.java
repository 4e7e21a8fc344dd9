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

  /** A privilege the object starts with and lacks, or whose grant option it lacks. */
  record Revoke(String grantee, String privilege, boolean optionOnly) {}

  private AclDifference() {}

  /** What the start grants and {@code actual} lacks (privilege or grant option). */
  static List<Revoke> revokes(List<Item> start, List<Item> actual) {
    Set<String> held = new HashSet<>();
    Set<String> heldWithOption = new HashSet<>();
    for (Item item : actual) {
      held.add(item.grantee() + "\0" + item.privilege() + "\0" + item.column());
      if (item.grantable()) {
        heldWithOption.add(item.grantee() + "\0" + item.privilege() + "\0" + item.column());
      }
    }
    List<Revoke> revokes = new ArrayList<>();
    for (Item item : start) {
      String key = item.grantee() + "\0" + item.privilege() + "\0" + item.column();
      if (!held.contains(key)) {
        revokes.add(new Revoke(item.grantee(), item.privilege(), false));
      } else if (item.grantable() && !heldWithOption.contains(key)) {
        revokes.add(new Revoke(item.grantee(), item.privilege(), true));
      }
    }
    return revokes;
  }

  /** What {@code actual} has beyond the start, grantor and grant option alike. */
  static List<Item> grants(List<Item> start, List<Item> actual) {
    Set<Item> present = new HashSet<>(start);
    return actual.stream().filter(item -> !present.contains(item)).toList();
  }

  /**
   * @param owner the owner, quoted, whose grants need no SET ROLE
   * @param revokes what to take away first
   * @param grants what to grant then, in aclexplode's order; column privileges carry their column
   * @param warnings receives one line per grant that cannot be reproduced, naming {@code name}
   */
  static List<String> statements(
      String name,
      String owner,
      Spelling spelling,
      List<Revoke> revokes,
      List<Item> grants,
      List<String> warnings) {
    List<String> statements = new ArrayList<>();
    Map<String, Set<String>> lost = new LinkedHashMap<>();
    Map<String, Set<String>> optionLost = new LinkedHashMap<>();
    for (Revoke revoke : revokes) {
      (revoke.optionOnly() ? optionLost : lost)
          .computeIfAbsent(revoke.grantee(), g -> new LinkedHashSet<>())
          .add(revoke.privilege());
    }
    lost.forEach(
        (grantee, privileges) ->
            statements.add(spelling.revoke(String.join(", ", privileges), grantee, false)));
    optionLost.forEach(
        (grantee, privileges) ->
            statements.add(spelling.revoke(String.join(", ", privileges), grantee, true)));
    grants(name, owner, spelling, grants, statements, warnings);
    return statements;
  }

  private static void grants(
      String name,
      String owner,
      Spelling spelling,
      List<Item> grants,
      List<String> statements,
      List<String> warnings) {
    // By grantor, then by grantee and grant option: the privileges to grant, in order.
    Map<String, Map<List<Object>, List<Item>>> byGrantor = new LinkedHashMap<>();
    for (Item item : grants) {
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
