package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code [db.seed]} table of the Supabase CLI's {@code config.toml}: {@code enabled} and {@code
 * sql_paths}. Only these two keys are read, so a small reader of TOML's strings, booleans and
 * arrays suffices; the rest of the file is left alone.
 *
 * @param sqlPaths the configured patterns, or null when the file does not set them
 */
record SeedSettings(boolean enabled, List<String> sqlPaths) {
  private static final SeedSettings DEFAULTS = new SeedSettings(true, null);

  /** The settings of {@code configToml}, or the CLI's defaults when there is no such file. */
  static SeedSettings read(Path configToml) {
    if (!Files.isRegularFile(configToml)) {
      return DEFAULTS;
    }
    String text;
    try {
      text = Files.readString(configToml);
    } catch (IOException e) {
      throw new PgKeeperException("Cannot read " + configToml + ": " + e, Setting.SEED);
    }
    return parse(text, configToml.toString());
  }

  static SeedSettings parse(String toml, String shown) {
    boolean enabled = true;
    List<String> paths = null;
    boolean inSeed = false;
    String[] lines = toml.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = withoutComment(lines[i]).trim();
      if (line.startsWith("[")) {
        inSeed = line.replace(" ", "").equals("[db.seed]");
        continue;
      }
      if (!inSeed || !line.contains("=")) {
        continue;
      }
      String key = line.substring(0, line.indexOf('=')).trim();
      String value = line.substring(line.indexOf('=') + 1).trim();
      if (key.equals("enabled")) {
        enabled = !value.equals("false");
      } else if (key.equals("sql_paths")) {
        StringBuilder array = new StringBuilder(value);
        int first = i;
        while (!closed(array) && i + 1 < lines.length) {
          array.append('\n').append(withoutComment(lines[++i]));
        }
        paths = strings(array.toString(), shown, first + 1);
      }
    }
    return new SeedSettings(enabled, paths);
  }

  /** Whether an array value ends here: its brackets balance outside strings. */
  private static boolean closed(CharSequence value) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
    }
    return depth <= 0;
  }

  private static List<String> strings(String array, String shown, int line) {
    String inside = array.trim();
    if (!inside.startsWith("[") || !inside.endsWith("]")) {
      throw new PgKeeperException(
          shown
              + ":"
              + line
              + ": [db.seed] sql_paths must be an array of strings, such as [\"./seed.sql\"].",
          Setting.SEED);
    }
    List<String> out = new ArrayList<>();
    for (int i = 1; i < inside.length() - 1; i++) {
      char c = inside.charAt(i);
      if (c == '"' || c == '\'') {
        StringBuilder item = new StringBuilder();
        int j = i + 1;
        for (; j < inside.length() && inside.charAt(j) != c; j++) {
          if (c == '"' && inside.charAt(j) == '\\' && j + 1 < inside.length()) {
            j++;
          }
          item.append(inside.charAt(j));
        }
        out.add(item.toString());
        i = j;
      }
    }
    return List.copyOf(out);
  }

  /** The line without a {@code #} comment outside strings. */
  private static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
