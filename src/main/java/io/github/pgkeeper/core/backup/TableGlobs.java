package io.github.pgkeeper.core.backup;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Table name patterns such as {@code audit_*}, {@code public.order?} or {@code *.tmp_*}: {@code *}
 * matches any characters, {@code ?} one. A pattern with a dot is matched against {@code
 * schema.table}, one without against the table name alone. Matching ignores case. Shared by
 * backup's selection and restore's {@code tables}.
 */
public final class TableGlobs {
  private final List<String> globs;
  private final List<Pattern> patterns;

  public TableGlobs(List<String> globs) {
    this.globs = globs.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
    this.patterns = this.globs.stream().map(TableGlobs::compile).toList();
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
    String subject = globs.get(index).contains(".") ? schema + "." + table : table;
    return patterns.get(index).matcher(subject).matches();
  }

  public List<String> globs() {
    return globs;
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(
        regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  @Override
  public String toString() {
    return String.join(", ", globs).toLowerCase(Locale.ROOT);
  }
}
