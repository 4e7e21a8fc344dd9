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
    int split = downMarker.map(Directive::offset).orElse(Integer.MAX_VALUE);
    SqlScript up = script.section(0, split);
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

    Optional<String> reason = Optional.empty();
    Optional<Directive> directive = script.directive(TRANSACTION_DIRECTIVE);
    if (directive.isPresent()) {
      String value = directive.get().argument();
      if (value.equalsIgnoreCase("off")) {
        reason = Optional.of("-- db:transaction off");
      } else if (!value.equalsIgnoreCase("on")) {
        throw new MigrationScriptException(
            file,
            directive.get().line(),
            1,
            "-- db:transaction takes on or off, not '" + value + "'");
      }
    }
    if (reason.isEmpty()) {
      reason =
          up.statements().stream()
              .map(s -> NonTransactional.reason(s, serverMajorVersion))
              .flatMap(Optional::stream)
              .findFirst();
    }
    List<SqlStatement> statements = reason.isPresent() ? up.statements() : up.body();
    if (reason.isEmpty()) {
      refuseTransactionControl(file, statements);
    }
    return new MigrationScript(file, statements, down, reason);
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
