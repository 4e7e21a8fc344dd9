package io.github.pgkeeper.core.sql;

/**
 * Statements whose only effect is a setting of the session, such as {@code SET search_path = app},
 * {@code SET ROLE app_owner} or pg_dump's {@code SELECT pg_catalog.set_config('search_path', '',
 * false)}. Running one again changes nothing in the database, so a migration that resumes after a
 * failure replays them: the statements after them were written for the session they set up.
 */
public final class SessionSetting {
  private SessionSetting() {}

  public static boolean onlySetsSession(SqlStatement statement) {
    StatementWords words = new StatementWords(statement);
    return switch (words.upper(0)) {
      // SET LOCAL, SET TRANSACTION and SET CONSTRAINTS last until the end of a transaction, which
      // in autocommit is the statement itself; SET SESSION CHARACTERISTICS is for transactions.
      case "SET" ->
          !(words.is(1, "LOCAL")
              || words.is(1, "TRANSACTION")
              || words.is(1, "CONSTRAINTS")
              || (words.is(1, "SESSION") && words.is(2, "CHARACTERISTICS")));
      case "RESET" -> true;
      case "SELECT" -> setConfigCall(words);
      default -> false;
    };
  }

  /** {@code SELECT [pg_catalog.]set_config(...)} and nothing else. */
  private static boolean setConfigCall(StatementWords words) {
    int at = 1;
    if (words.is(at, "PG_CATALOG")
        && words.type(at + 1) == TokenType.SYMBOL
        && words.text(at + 1, at + 2).equals(".")) {
      at += 2;
    }
    if (!words.is(at, "SET_CONFIG") || words.type(at + 1) != TokenType.OPEN_PAREN) {
      return false;
    }
    return words.closing(at + 1) == words.size() - 1;
  }
}
