package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Table name patterns such as {@code audit_*}, {@code public.order?} or {@code *.tmp_*}: {@code *}
 * matches any characters, {@code ?} one. A pattern with a dot is matched against the schema and the
 * table, one without against the table name alone. Matching ignores case. Shared by backup's
 * selection and restore's {@code tables}.
 *
 * <p>As in SQL (and psql's patterns), double quotes take a name as it is: {@code "my.table"},
 * {@code public."my.table"}, {@code "My Schema".t*}. Inside quotes a dot is part of the name, case
 * counts, {@code *} and {@code ?} are plain characters, and {@code ""} is one double quote.
 */
public final class TableGlobs {
  private final List<String> globs;
  private final List<List<Alternative>> patterns;

  /**
   * @param setting the setting the patterns come from, named when one cannot be read
   * @throws PgKeeperException naming the pattern and {@code setting} for an unclosed quote
   */
  public TableGlobs(List<String> globs, Setting setting) {
    this.globs = globs.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
    this.patterns = this.globs.stream().map(g -> compile(g, setting)).toList();
  }

  /**
   * Refuses patterns that cannot be read, before anything else is done.
   *
   * @throws PgKeeperException naming the pattern and {@code setting}
   */
  public static void check(List<String> globs, Setting setting) {
    new TableGlobs(globs, setting);
  }

  /**
   * Splits a comma-separated list of patterns at the commas outside double quotes, so that a quoted
   * name may hold a comma.
   */
  public static List<String> splitList(String list) {
    List<String> globs = new ArrayList<>();
    if (list == null) {
      return globs;
    }
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '"') {
        quoted = !quoted; // "" inside quotes toggles twice: still inside
      } else if (c == ',' && !quoted) {
        globs.add(list.substring(start, i).trim());
        start = i + 1;
      }
    }
    globs.add(list.substring(start).trim());
    return globs.stream().filter(g -> !g.isEmpty()).toList();
  }

  public boolean isEmpty() {
    return globs.isEmpty();
  }

  public boolean matches(String schema, String table) {
    for (int i = 0; i < globs.size(); i++) {
      if (matches(i, schema, table)) {
        return true;
      }
    }
    return false;
  }

  boolean matches(int index, String schema, String table) {
    for (Alternative alternative : patterns.get(index)) {
      if (alternative.matches(schema, table)) {
        return true;
      }
    }
    return false;
  }

  public List<String> globs() {
    return globs;
  }

  /**
   * One way to read a pattern: its table part, and its schema part or null. An unquoted pattern
   * with several dots, such as {@code public.my.table}, can be split at any of them, as before
   * quoting existed; a quoted dot is never a split.
   */
  private record Alternative(Pattern schema, Pattern table) {
    boolean matches(String schemaName, String tableName) {
      return (schema == null || schema.matcher(schemaName).matches())
          && table.matcher(tableName).matches();
    }
  }

  /** A character of a pattern, and whether it stood inside double quotes. */
  private record Token(char c, boolean quoted) {
    boolean isSplit() {
      return c == '.' && !quoted;
    }
  }

  private static List<Alternative> compile(String glob, Setting setting) {
    List<Token> tokens = tokens(glob, setting);
    List<Alternative> alternatives = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).isSplit()) {
        alternatives.add(
            new Alternative(
                regex(tokens.subList(0, i)), regex(tokens.subList(i + 1, tokens.size()))));
      }
    }
    if (alternatives.isEmpty()) {
      alternatives.add(new Alternative(null, regex(tokens)));
    }
    return List.copyOf(alternatives);
  }

  private static List<Token> tokens(String glob, Setting setting) {
    List<Token> tokens = new ArrayList<>();
    boolean quoted = false;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c != '"') {
        tokens.add(new Token(c, quoted));
      } else if (quoted && i + 1 < glob.length() && glob.charAt(i + 1) == '"') {
        tokens.add(new Token('"', true));
        i++;
      } else {
        quoted = !quoted;
      }
    }
    if (quoted) {
      throw new PgKeeperException(
          "The table pattern '"
              + glob
              + "' has an unclosed double quote. Close the quoted name, and write a quote inside"
              + " it twice: \"my.table\", public.\"my.table\", \"My Schema\".t*, \"say \"\"hi\"\"\".",
          setting);
    }
    return tokens;
  }

  /** Unquoted runs as globs that ignore case; quoted runs literally, case included. */
  private static Pattern regex(List<Token> tokens) {
    StringBuilder regex = new StringBuilder();
    for (Token token : tokens) {
      String c = String.valueOf(token.c());
      if (token.quoted()) {
        regex.append(Pattern.quote(c));
      } else if (token.c() == '*') {
        regex.append(".*");
      } else if (token.c() == '?') {
        regex.append('.');
      } else {
        regex.append("(?iu:").append(Pattern.quote(c)).append(')');
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
