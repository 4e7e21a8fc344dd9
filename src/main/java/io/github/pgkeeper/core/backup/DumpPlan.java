package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Splits the data phase into COPY tasks for the workers. A table is read by one COPY, except a
 * large one when several jobs run: one backend produces COPY text at about 100 MB/s, so a table
 * several times larger than the others would keep one job busy long after the rest are done. Such a
 * table is read in slices, ranges of its heap pages ({@code WHERE ctid >= '(from,0)' AND ctid <
 * '(to,0)'}, a TID range scan since PostgreSQL 14), by several workers at once. Slices are read
 * from the same snapshot and in page order, so their text, concatenated, is exactly what one COPY
 * writes; slice {@code s} numbers its parts from {@code s × }{@link
 * ArchiveFormat#PARTS_PER_SLICE}{@code + 1}, so part order is slice order.
 */
final class DumpPlan {
  /** Slices per table at most. */
  private static final int MAX_SLICES = 64;

  /** Slices are at least this many parts' worth of heap: a COPY per few MB would cost more. */
  private static final int MIN_SLICE_PARTS = 16;

  /**
   * One COPY of a worker: a whole table, or a slice of its pages.
   *
   * @param fromPage the first page of the slice, 0 for the first
   * @param toPage the page after the slice; -1 for the last slice, which reads to the end
   * @param bytes the heap bytes it covers, for the largest-first order
   */
  record Task(TableInfo table, int slice, int slices, long fromPage, long toPage, long bytes) {
    static Task whole(TableInfo table) {
      return new Task(table, 0, 1, 0, -1, table.estimatedBytes());
    }

    /** The number of the task's first part, minus one. */
    int partBase() {
      return slice * ArchiveFormat.PARTS_PER_SLICE;
    }

    String label() {
      return slices == 1
          ? table.displayName()
          : table.displayName() + " (slice " + (slice + 1) + "/" + slices + ")";
    }
  }

  private DumpPlan() {}

  /**
   * The tasks for {@code jobs} workers: those of at least a part's size largest first, then the
   * smaller ones in load order ({@code tables}' order).
   */
  static List<Task> tasks(
      Connection leader, List<TableInfo> tables, Heaps heaps, int jobs, int partBytes)
      throws SQLException {
    List<Task> tasks = new ArrayList<>();
    boolean sliceable = jobs > 1 && leader.getMetaData().getDatabaseMajorVersion() >= 14;
    int pageSize = heaps.pageSize();
    Map<TableInfo, Long> pagesOf = new HashMap<>();
    long total = 0;
    for (TableInfo table : tables) {
      if (sliceable && table.kind().equals(TableInfo.KIND_TABLE)) {
        long bytes = heaps.bytes().getOrDefault(table.id(), 0L);
        pagesOf.put(table, bytes / pageSize);
        total += bytes;
      }
    }
    long sliceBytes = Math.max(total / (jobs * 4L), (long) MIN_SLICE_PARTS * partBytes);
    for (TableInfo table : tables) {
      long tablePages = pagesOf.getOrDefault(table, 0L);
      int slices = (int) Math.min(MAX_SLICES, tablePages * pageSize / sliceBytes);
      if (slices < 2) {
        tasks.add(Task.whole(table));
        continue;
      }
      for (int s = 0; s < slices; s++) {
        long from = tablePages * s / slices;
        long to = s == slices - 1 ? -1 : tablePages * (s + 1) / slices;
        long end = to < 0 ? tablePages : to;
        tasks.add(new Task(table, s, slices, from, to, (end - from) * pageSize));
      }
    }
    // Largest first, so that no large table is left for the end; the small ones, whose order does
    // not matter for that, in load order: workers pack them in that order, and a restore, which
    // loads in load order, then finds the next table in the packed part it has just read.
    tasks.sort(
        Comparator.comparingLong((Task t) -> t.bytes() >= partBytes ? t.bytes() : 0).reversed());
    return tasks;
  }

  /**
   * The COPY that reads a task's rows: the table itself, or a query for a partitioned table (its
   * rows read through its root), a table without columns, or a slice.
   */
  static String copySql(Task task) {
    TableInfo table = task.table();
    boolean partitioned = table.kind().equals(TableInfo.KIND_PARTITIONED);
    List<String> bounds = new ArrayList<>();
    if (task.slice() > 0) {
      bounds.add("ctid >= '(" + task.fromPage() + ",0)'::tid");
    }
    if (task.toPage() >= 0) {
      bounds.add("ctid < '(" + task.toPage() + ",0)'::tid");
    }
    if (!partitioned && !table.copyColumns().isEmpty() && bounds.isEmpty()) {
      return "COPY " + table.qualifiedName() + " " + table.copyColumnList() + " TO STDOUT";
    }
    String columns =
        table.copyColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    return "COPY (SELECT "
        + columns
        + (partitioned ? " FROM " : " FROM ONLY ")
        + table.qualifiedName()
        + (bounds.isEmpty() ? "" : " WHERE " + String.join(" AND ", bounds))
        + ") TO STDOUT";
  }

  /**
   * The tables' heap sizes (the main fork's bytes, by table id) and the server's page size, as the
   * catalog listing read them.
   */
  record Heaps(Map<String, Long> bytes, int pageSize) {}
}
