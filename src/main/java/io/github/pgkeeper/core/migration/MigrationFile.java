package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A migration script found on disk. {@code content} is already normalised (no BOM, LF line ends),
 * and {@code displayPath} is how messages name the file, relative to the project where possible.
 * {@code down} is its companion {@code .down.sql} file, if it has one; the checksum covers the
 * migration alone, so a down script can be improved after the migration ran.
 */
public record MigrationFile(
    Version version,
    String description,
    String script,
    Path path,
    String displayPath,
    String content,
    String checksum,
    Optional<DownScript> down) {

  /** A companion file that undoes a migration, such as {@code 003_add_orders.down.sql}. */
  public record DownScript(String displayPath, String content) {}

  /**
   * Splits the script into statements.
   *
   * @throws MigrationScriptException naming this file and the line of a lexical error
   */
  public SqlScript parse() {
    try {
      return SqlScript.parse(content);
    } catch (SqlSyntaxException e) {
      throw new MigrationScriptException(this, e.line(), e.column(), e.getMessage());
    }
  }

  /**
   * Splits the companion down script into statements.
   *
   * @throws MigrationScriptException naming the down file and the line of a lexical error
   */
  public Optional<SqlScript> parseDown() {
    return down.map(
        d -> {
          try {
            return SqlScript.parse(d.content());
          } catch (SqlSyntaxException e) {
            throw new MigrationScriptException(
                d.displayPath(), e.line(), e.column(), e.getMessage());
          }
        });
  }

  /** {@code path:line}, the form IDEs and CI logs turn into links. */
  public String location(int line) {
    return displayPath + ":" + line;
  }
}
