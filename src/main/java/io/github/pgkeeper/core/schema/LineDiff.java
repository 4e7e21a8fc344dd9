package io.github.pgkeeper.core.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Two texts compared line by line (longest common subsequence), written as a unified diff does:
 * {@code -} before each line only the first has, {@code +} before each line only the second has,
 * with one unchanged line around each change and {@code …} for the lines left out.
 */
final class LineDiff {
  private static final int CONTEXT = 1;

  private LineDiff() {}

  static List<String> lines(List<String> before, List<String> after) {
    int[][] common = new int[before.size() + 1][after.size() + 1];
    for (int i = before.size() - 1; i >= 0; i--) {
      for (int j = after.size() - 1; j >= 0; j--) {
        common[i][j] =
            before.get(i).equals(after.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<String> marked = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < before.size() || j < after.size()) {
      if (i < before.size() && j < after.size() && before.get(i).equals(after.get(j))) {
        marked.add("    " + before.get(i));
        i++;
        j++;
      } else if (i < before.size() && (j == after.size() || common[i + 1][j] >= common[i][j + 1])) {
        marked.add("-   " + before.get(i++));
      } else {
        marked.add("+   " + after.get(j++));
      }
    }
    return withContext(marked);
  }

  private static List<String> withContext(List<String> marked) {
    boolean[] keep = new boolean[marked.size()];
    for (int k = 0; k < marked.size(); k++) {
      if (!marked.get(k).startsWith(" ")) {
        for (int c = Math.max(0, k - CONTEXT); c <= Math.min(marked.size() - 1, k + CONTEXT); c++) {
          keep[c] = true;
        }
      }
    }
    List<String> shown = new ArrayList<>();
    boolean skipped = false;
    for (int k = 0; k < marked.size(); k++) {
      if (keep[k]) {
        if (skipped) {
          shown.add("    …");
          skipped = false;
        }
        shown.add(marked.get(k));
      } else {
        skipped = true;
      }
    }
    if (skipped) {
      shown.add("    …");
    }
    return shown;
  }
}
