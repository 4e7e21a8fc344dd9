package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.migration.MigrationFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares the order migrations run in (by version, numerically) with the order of their file names
 * (as a folder listing, an editor or a reviewer sees them). The two differ when versions have mixed
 * widths: {@code 20230315_x.sql} runs before {@code 20230101120000_y.sql}, since 20230315 is the
 * smaller number, but is listed after it.
 *
 * <p>The files reported are the fewest whose moving would make both orders agree: every file
 * outside a longest run that is in the same order both ways. Sorting and that run (patience
 * sorting) take O(n log n).
 */
final class NameOrder {
  /** One file that sits at a different place by name than by version. */
  record Moved(
      MigrationFile file,
      int byVersion,
      int byName,
      MigrationFile runsAfter,
      MigrationFile listedAfter) {}

  /** The moves, and how many files in all change position. */
  record Result(List<Moved> moved, int changedPositions, int total, List<Integer> widths) {}

  private NameOrder() {}

  static Result compare(List<MigrationFile> migrations) {
    List<MigrationFile> byVersion = new ArrayList<>(migrations);
    // Equal versions (duplicates) are another rule's business: break their tie by name.
    byVersion.sort(
        Comparator.comparing(MigrationFile::version)
            .thenComparing(NameOrder::fileName)
            .thenComparing(MigrationFile::displayPath));
    int n = byVersion.size();
    Integer[] byName = new Integer[n];
    Arrays.setAll(byName, i -> i);
    Arrays.sort(
        byName,
        Comparator.comparing((Function<Integer, String>) i -> fileName(byVersion.get(i)))
            .thenComparing(i -> byVersion.get(i).displayPath()));
    int[] nameRank = new int[n];
    for (int position = 0; position < n; position++) {
      nameRank[byName[position]] = position;
    }
    int changed = 0;
    for (int i = 0; i < n; i++) {
      if (nameRank[i] != i) {
        changed++;
      }
    }
    List<Moved> moved = new ArrayList<>();
    if (changed > 0) {
      boolean[] stays = longestAgreeingRun(nameRank);
      for (int i = 0; i < n; i++) {
        if (!stays[i]) {
          moved.add(
              new Moved(
                  byVersion.get(i),
                  i + 1,
                  nameRank[i] + 1,
                  i == 0 ? null : byVersion.get(i - 1),
                  nameRank[i] == 0 ? null : byVersion.get(byName[nameRank[i] - 1])));
        }
      }
    }
    TreeSet<Integer> widths = new TreeSet<>();
    for (MigrationFile file : byVersion) {
      widths.add(leadingDigits(file.version().toString()));
    }
    return new Result(moved, changed, n, List.copyOf(widths));
  }

  /** Marks a longest strictly increasing subsequence of {@code ranks}. */
  private static boolean[] longestAgreeingRun(int[] ranks) {
    int n = ranks.length;
    int[] tails = new int[n]; // index of the smallest tail of each run length
    int[] previous = new int[n];
    int length = 0;
    for (int i = 0; i < n; i++) {
      int low = 0;
      int high = length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (ranks[tails[mid]] < ranks[i]) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      previous[i] = low > 0 ? tails[low - 1] : -1;
      tails[low] = i;
      if (low == length) {
        length++;
      }
    }
    boolean[] stays = new boolean[n];
    for (int i = length == 0 ? -1 : tails[length - 1]; i >= 0; i = previous[i]) {
      stays[i] = true;
    }
    return stays;
  }

  private static String fileName(MigrationFile file) {
    return file.path().getFileName().toString();
  }

  private static int leadingDigits(String version) {
    int count = 0;
    while (count < version.length() && Character.isDigit(version.charAt(count))) {
      count++;
    }
    return count;
  }
}
