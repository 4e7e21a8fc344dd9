package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SchemaDiff} as text for a build log: one line per object, aligned in columns ({@code
 * added INDEX public.orders_by_day}); under a changed object, indented, what changed: each column
 * or label that differs, the owner, and the statements as the migrations make them ({@code -}) and
 * as the live database has them ({@code +}).
 */
final class DiffReport {
  private static final String INDENT = "      ";

  private DiffReport() {}

  static List<String> lines(SchemaDiff diff) {
    List<String> lines = new ArrayList<>();
    int kindWidth = 0;
    for (Difference difference : diff.differences()) {
      kindWidth = Math.max(kindWidth, difference.key().kind().label().length());
    }
    for (Difference difference : diff.differences()) {
      lines.add(
          "  "
              + pad(difference.change().label(), 8)
              + " "
              + pad(difference.key().kind().label(), kindWidth)
              + "  "
              + difference.key().name());
      if (difference.change() == Change.CHANGED) {
        details(difference, lines);
      }
    }
    return lines;
  }

  private static void details(Difference difference, List<String> lines) {
    int nameWidth = 0;
    for (PartDifference part : difference.parts()) {
      nameWidth = Math.max(nameWidth, part.name().length());
    }
    String what = difference.key().kind() == ObjectKind.TYPE ? "label " : "column ";
    for (PartDifference part : difference.parts()) {
      String prefix = INDENT + what + pad(part.name(), nameWidth) + "  ";
      switch (part.change()) {
        case ADDED -> lines.add(prefix + "added: " + part.live());
        case REMOVED -> lines.add(prefix + "removed (was " + part.migrated() + ")");
        case CHANGED -> lines.add(prefix + part.migrated() + "  ->  " + part.live());
      }
    }
    if (difference.ownerChanged()) {
      lines.add(
          INDENT + "owner " + difference.migrated().owner() + "  ->  " + difference.live().owner());
    }
    boolean partsExplainIt = !difference.parts().isEmpty();
    if (difference.statementsChanged()
        && !(partsExplainIt && TableShape.sameBesidesColumns(difference))) {
      for (String line : LineDiff.lines(text(difference.migrated()), text(difference.live()))) {
        lines.add(INDENT + line);
      }
    }
  }

  /** The statements, as lines: {@code -} marks the migrations' lines, {@code +} the live ones. */
  private static List<String> text(SchemaObject object) {
    List<String> text = new ArrayList<>();
    for (String statement : SchemaDiff.comparableStatements(object)) {
      text.addAll(List.of((statement + ";").split("\n", -1)));
    }
    return text;
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
