package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveWriter;
import io.github.pgkeeper.core.archive.DataPart;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs the data phase: {@code jobs} COPY sessions on the shared snapshot take the {@link DumpPlan}
 * tasks (tables, or slices of large ones) largest first; {@code jobs} compressor threads encode
 * their blocks in parallel; the calling thread alone appends finished parts to the archive and
 * reports each table when its last part is stored.
 */
final class ParallelDump {
  private final BackupConfig config;
  private final ConnectionConfig connection;
  private final String snapshot;
  private final String user;
  private final int jobs;
  private final Logger log;
  private final ConcurrentLinkedQueue<Connection> sessions = new ConcurrentLinkedQueue<>();

  ParallelDump(
      BackupConfig config,
      ConnectionConfig connection,
      String snapshot,
      String user,
      int jobs,
      Logger log) {
    this.config = config;
    this.connection = connection;
    this.snapshot = snapshot;
    this.user = user;
    this.jobs = jobs;
    this.log = log;
  }

  /** Progress of one table between its first COPY and its last stored part. */
  private static final class TableState {
    final TableInfo table;
    int slicesLeft;
    int partsWritten;
    int partsCopied;
    long rows;
    long rawBytes;
    long startNanos = Long.MAX_VALUE;
    long storedBytes;

    TableState(TableInfo table, int slices) {
      this.table = table;
      this.slicesLeft = slices;
    }

    boolean copied() {
      return slicesLeft == 0;
    }
  }

  /**
   * @param tasks the COPY tasks ({@link DumpPlan}), largest first
   */
  void run(List<TableInfo> tables, List<DumpPlan.Task> tasks, ArchiveWriter writer)
      throws IOException, InterruptedException {
    if (tables.isEmpty()) {
      return;
    }
    LinkedBlockingQueue<DumpPlan.Task> queue = new LinkedBlockingQueue<>(tasks);
    // Two blocks per job: one being filled by COPY, one being compressed, plus one spare.
    BlockPool blocks = new BlockPool(config.partBytes(), 2 * jobs + 1);
    BlockingQueue<PipelineEvent> events = new ArrayBlockingQueue<>(jobs + 2);
    AtomicInteger pendingParts = new AtomicInteger();
    ExecutorService compressors = Executors.newFixedThreadPool(jobs, daemon("compress"));
    ExecutorService workers = Executors.newFixedThreadPool(jobs, daemon("copy"));
    try {
      for (int i = 0; i < jobs; i++) {
        workers.execute(() -> work(queue, blocks, compressors, events, pendingParts));
      }
      write(tables, tasks, writer, events, pendingParts);
    } finally {
      workers.shutdownNow();
      compressors.shutdownNow();
      for (Connection session : sessions) {
        abort(session);
      }
      workers.awaitTermination(30, TimeUnit.SECONDS);
      compressors.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private void work(
      LinkedBlockingQueue<DumpPlan.Task> queue,
      BlockPool blocks,
      ExecutorService compressors,
      BlockingQueue<PipelineEvent> events,
      AtomicInteger pendingParts) {
    DumpPlan.Task current = null;
    try (Connection session = Sessions.openWorker(connection, snapshot, config.lockTimeout())) {
      sessions.add(session);
      TableDumper dumper =
          new TableDumper(
              session,
              blocks,
              compressors,
              events,
              pendingParts,
              config.codec(),
              config.effectiveLevel(),
              log);
      while ((current = queue.poll()) != null && !Thread.currentThread().isInterrupted()) {
        dumper.dump(current);
      }
      current = null;
      session.rollback();
      events.put(new PipelineEvent.WorkerDone());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the backup is being stopped
    } catch (SQLException e) {
      fail(
          events,
          current == null
              ? e
              : BackupErrors.forTable(current.table(), user, config.lockTimeout(), e));
    } catch (Throwable e) {
      fail(events, e);
    }
  }

  private static void fail(BlockingQueue<PipelineEvent> events, Throwable error) {
    try {
      events.put(new PipelineEvent.Failed(error));
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(
      List<TableInfo> tables,
      List<DumpPlan.Task> tasks,
      ArchiveWriter writer,
      BlockingQueue<PipelineEvent> events,
      AtomicInteger pendingParts)
      throws IOException, InterruptedException {
    Map<String, TableState> states = new HashMap<>();
    Map<String, Long> slices =
        tasks.stream().collect(Collectors.groupingBy(t -> t.table().id(), Collectors.counting()));
    for (TableInfo table : tables) {
      states.put(table.id(), new TableState(table, slices.getOrDefault(table.id(), 0L).intValue()));
    }
    int workersLeft = jobs;
    while (workersLeft > 0 || pendingParts.get() > 0) {
      PipelineEvent event = events.take();
      if (event instanceof PipelineEvent.Part part) {
        DataPart data = part.part();
        writer.writePart(data);
        pendingParts.decrementAndGet();
        TableState state = states.get(data.tableId());
        state.partsWritten++;
        state.storedBytes += data.storedBytes();
        reportIfDone(state);
      } else if (event instanceof PipelineEvent.TableCopied copied) {
        TableState state = states.get(copied.tableId());
        state.slicesLeft--;
        state.partsCopied += copied.parts();
        state.rows += copied.rows();
        state.rawBytes += copied.rawBytes();
        state.startNanos = Math.min(state.startNanos, copied.startNanos());
        reportIfDone(state);
      } else if (event instanceof PipelineEvent.WorkerDone) {
        workersLeft--;
      } else if (event instanceof PipelineEvent.Failed failed) {
        throw rethrow(failed.error());
      }
    }
    List<String> unfinished = new ArrayList<>();
    states.values().stream()
        .filter(s -> !s.copied())
        .forEach(s -> unfinished.add(s.table.displayName()));
    if (!unfinished.isEmpty()) {
      throw new IllegalStateException("tables never copied: " + unfinished);
    }
  }

  private void reportIfDone(TableState state) {
    if (!state.copied() || state.partsWritten != state.partsCopied) {
      return;
    }
    double seconds = Math.max((System.nanoTime() - state.startNanos) / 1e9, 1e-9);
    log.info(
        String.format(
            Locale.ROOT,
            "  %s: %,d rows, %s in %.1f s (%.1f MB/s), stored %s",
            state.table.displayName(),
            state.rows,
            Sizes.megabytes(state.rawBytes),
            seconds,
            state.rawBytes / 1e6 / seconds,
            Sizes.megabytes(state.storedBytes)));
  }

  private static RuntimeException rethrow(Throwable error) throws IOException {
    if (error instanceof PgKeeperException known) {
      return known;
    }
    if (error instanceof IOException io) {
      throw io;
    }
    if (error instanceof SQLException sql) {
      return new PgKeeperException(
          "The backup failed: "
              + ConnectionConfig.mask(sql.getMessage())
              + " [SQLSTATE "
              + sql.getSQLState()
              + "].",
          null,
          sql);
    }
    return new IllegalStateException("the backup failed: " + error, error);
  }

  private static void abort(Connection session) {
    try {
      if (!session.isClosed()) {
        session.abort(Runnable::run);
      }
    } catch (SQLException | RuntimeException ignored) {
      // The session is going away with the failed backup anyway.
    }
  }

  private static ThreadFactory daemon(String role) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "pgkeeper-backup-" + role + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
