package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import java.nio.file.Path;

/**
 * A migration script found on disk. {@code content} is already normalised (no BOM, LF line ends),
 * and {@code displayPath} is how messages name the file, relative to the project where possible.
 */
public record MigrationFile(
    Version version,
    String description,
    String script,
    Path path,
    String displayPath,
    String content,
    String checksum) {

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

  /** {@code path:line}, the form IDEs and CI logs turn into links. */
  public String location(int line) {
    return displayPath + ":" + line;
  }
}
