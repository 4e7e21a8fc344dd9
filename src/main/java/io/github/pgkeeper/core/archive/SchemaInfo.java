package io.github.pgkeeper.core.archive;

import java.util.List;

/**
 * The header's description of the schema entry (format 2 and later): where the SQL that recreates
 * the backed-up schemas is stored, and what a reader needs to know before it reads it.
 *
 * @param entry the entry's name, {@link ArchiveFormat#SCHEMA}
 * @param objects how many objects it recreates
 * @param warnings one per object of the schemas that the backup could not reproduce, naming it (the
 *     same lines as the entry's {@code -- warning:} comments)
 * @param roles every role the objects name (owners, grantees, roles of policies): a restore needs
 *     them to exist
 */
public record SchemaInfo(String entry, int objects, List<String> warnings, List<String> roles) {
  public SchemaInfo {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
