package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.sql.Directive;
import io.github.pgkeeper.core.sql.NonTransactional;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import java.util.List;
import java.util.Optional;

/**
 * A migration file made ready to run: its up statements, its down statements if it has a {@code --
 * migrate:down} section, and whether it can run in one transaction.
 *
 * <p>A migration runs without a transaction, statement by statement, when it holds a statement
 * PostgreSQL refuses inside a transaction block (see {@link NonTransactional}) or when the file
 * says {@code -- db:transaction off}.
 *
 * @param nonTransactionalReason why the migration runs without a transaction; empty if it does not
 */
public record MigrationScript(
    MigrationFile file,
    List<SqlStatement> up,
    Optional<SqlScript> down,
    Optional<String> nonTransactionalReason) {

  public static final String TRANSACTION_DIRECTIVE = "db:transaction";
  public static final String DOWN_DIRECTIVE = "migrate:down";

  /**
   * @throws MigrationScriptException for a lexical error, or transaction control inside a file that
   *     runs in a transaction
   */
  public static MigrationScript of(MigrationFile file, int serverMajorVersion) {
    SqlScript script = file.parse();
    Optional<Directive> downMarker = script.directive(DOWN_DIRECTIVE);
    SqlScript up = upSection(script);
    Optional<SqlScript> down = downMarker.map(d -> script.section(d.offset(), Integer.MAX_VALUE));
    Optional<SqlScript> companion = file.parseDown();
    if (companion.isPresent()) {
      if (down.isPresent()) {
        throw new MigrationScriptException(
            file,
            downMarker.get().line(),
            1,
            "has a -- migrate:down section and a "
                + file.down().orElseThrow().displayPath()
                + " file; keep one of them");
      }
      down = companion;
    }

    Optional<String> reason = nonTransactionalReason(file, script, up, serverMajorVersion);
    List<SqlStatement> statements = reason.isPresent() ? up.statements() : up.body();
    if (reason.isEmpty()) {
      refuseTransactionControl(file, statements);
    }
    return new MigrationScript(file, statements, down, reason);
  }

  /** The up part of a parsed migration: everything before a {@code -- migrate:down} line. */
  public static SqlScript upSection(SqlScript script) {
    return script.directive(DOWN_DIRECTIVE).map(d -> script.section(0, d.offset())).orElse(script);
  }

  /**
   * Why the up part of {@code script} must run without a transaction: {@code -- db:transaction
   * off}, or the first statement PostgreSQL refuses inside one; empty if it runs in one.
   *
   * @throws MigrationScriptException for a {@code -- db:transaction} value other than on or off
   */
  public static Optional<String> nonTransactionalReason(
      MigrationFile file, SqlScript script, SqlScript up, int serverMajorVersion) {
    Optional<Directive> directive = script.directive(TRANSACTION_DIRECTIVE);
    if (directive.isPresent()) {
      String value = directive.get().argument();
      if (value.equalsIgnoreCase("off")) {
        return Optional.of("-- db:transaction off");
      } else if (!value.equalsIgnoreCase("on")) {
        throw new MigrationScriptException(
            file,
            directive.get().line(),
            1,
            "-- db:transaction takes on or off, not '" + value + "'");
      }
    }
    return up.statements().stream()
        .map(s -> NonTransactional.reason(s, serverMajorVersion))
        .flatMap(Optional::stream)
        .findFirst();
  }

  public boolean transactional() {
    return nonTransactionalReason.isEmpty();
  }

  private static void refuseTransactionControl(MigrationFile file, List<SqlStatement> statements) {
    for (SqlStatement statement : statements) {
      if (SqlScript.isTransactionControl(statement)) {
        throw new MigrationScriptException(
            file,
            statement.line(),
            statement.column(),
            String.join(" ", statement.leadingWords(2))
                + " would end the transaction this migration runs in. Remove it, wrap the"
                + " whole file in one BEGIN; ... COMMIT; pair, or add -- db:transaction off.");
      }
    }
  }
}
