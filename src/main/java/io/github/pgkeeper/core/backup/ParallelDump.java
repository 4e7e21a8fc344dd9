package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.ArchiveWriter;
import io.github.pgkeeper.core.archive.DataPart;
import io.github.pgkeeper.core.archive.PackedRange;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
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
 *
 * <p>A COPY session takes its own lock on a table before reading it, without waiting: if another
 * session already waits for an exclusive lock on the table (a migration's ALTER, queued behind the
 * leader's lock), the COPY session's request would queue behind it, and the three would wait for
 * each other until a lock timeout. Such a table is read by the leader session instead, whose lock
 * is already granted, once the COPY sessions are done.
 */
final class ParallelDump {
  private final BackupConfig config;
  private final ConnectionConfig connection;
  private final String snapshot;
  private final String user;
  private final int jobs;
  private final Logger log;
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  /** Small tables whose locks a COPY session asks for in one statement. */
  private static final int LOCK_BATCH = 64;

  private final ConcurrentLinkedQueue<Connection> sessions = new ConcurrentLinkedQueue<>();
  private final Connection leader;

  /** Tasks whose table a COPY session could not lock without queueing behind another session. */
  private final ConcurrentLinkedQueue<DumpPlan.Task> forLeader = new ConcurrentLinkedQueue<>();

  private final AtomicInteger copyWorkersLeft = new AtomicInteger();
  private final long started = System.nanoTime();
  private long packedRows;
  private long packedBytes;

  /**
   * @param leader the session that holds the snapshot and the locks; it reads the schema, then the
   *     tables the COPY sessions could not lock, and is not used by anyone else until {@link #run}
   *     returns
   */
  ParallelDump(
      BackupConfig config,
      Connection leader,
      ConnectionConfig connection,
      String snapshot,
      String user,
      int jobs,
      Logger log) {
    this.config = config;
    this.leader = leader;
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
    boolean packed;

    TableState(TableInfo table, int slices) {
      this.table = table;
      this.slicesLeft = slices;
    }

    boolean copied() {
      return slicesLeft == 0;
    }
  }

  /** The archive's first entries: the header and the schema, written before any part. */
  record Opening(ArchiveHeader header, String schemaSql) {}

  /**
   * What the leader's session makes before it reads any rows (the schema, read in the snapshot
   * under its locks), while the COPY sessions already read theirs.
   */
  @FunctionalInterface
  interface OpeningReader {
    Opening read() throws SQLException;
  }

  /**
   * Writes the opening, then every part of the tasks, to {@code writer}.
   *
   * @param tasks the COPY tasks ({@link DumpPlan}), largest first
   * @param opening run on the leader's session before it takes part in the COPY; the writer waits
   *     for it, and the COPY sessions fill at most the pipeline's blocks meanwhile
   * @return the header written
   */
  ArchiveHeader run(
      List<TableInfo> tables,
      List<DumpPlan.Task> tasks,
      ArchiveWriter writer,
      OpeningReader opening)
      throws IOException, InterruptedException, SQLException {
    if (tables.isEmpty()) {
      return writeOpening(writer, opening.read());
    }
    CompletableFuture<Opening> opened = new CompletableFuture<>();
    LinkedBlockingQueue<DumpPlan.Task> queue = new LinkedBlockingQueue<>(tasks);
    // Two blocks per job: one being filled by COPY, one being compressed, plus one spare.
    BlockPool blocks = new BlockPool(config.partBytes(), 2 * jobs + 1);
    BlockingQueue<PipelineEvent> events = new ArrayBlockingQueue<>(jobs + 2);
    AtomicInteger pendingParts = new AtomicInteger();
    ExecutorService compressors = Executors.newFixedThreadPool(jobs, daemon("compress"));
    ExecutorService workers = Executors.newFixedThreadPool(jobs + 1, daemon("copy"));
    copyWorkersLeft.set(jobs);
    try {
      Pipeline pipeline = new Pipeline(blocks, compressors, events, pendingParts);
      for (int i = 0; i < jobs; i++) {
        workers.execute(() -> work(queue, pipeline));
      }
      workers.execute(() -> leaderWork(pipeline, opening, opened));
      return write(tables, tasks, writer, events, pendingParts, opened);
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

  private static ArchiveHeader writeOpening(ArchiveWriter writer, Opening opening)
      throws IOException {
    writer.writeHeader(opening.header());
    writer.writeSchema(opening.schemaSql());
    return opening.header();
  }

  /** The opening, or what kept the leader from making it, as the caller would have thrown it. */
  private static Opening awaitOpening(CompletableFuture<Opening> opened)
      throws IOException, InterruptedException, SQLException {
    try {
      return opened.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) {
        throw sql;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("reading the schema failed: " + cause, cause);
    }
  }

  /** What the COPY loops share: blocks to fill, compressors, and the writer's event queue. */
  private record Pipeline(
      BlockPool blocks,
      ExecutorService compressors,
      BlockingQueue<PipelineEvent> events,
      AtomicInteger pendingParts) {}

  private TableDumper dumper(Connection session, Pipeline pipeline) {
    return new TableDumper(
        session,
        pipeline.blocks(),
        pipeline.compressors(),
        pipeline.events(),
        pipeline.pendingParts(),
        config.codec(),
        config.effectiveLevel(),
        log);
  }

  private void work(LinkedBlockingQueue<DumpPlan.Task> queue, Pipeline pipeline) {
    DumpPlan.Task current = null;
    try (Connection session = Sessions.openWorker(connection, snapshot, config.lockTimeout())) {
      sessions.add(session);
      TableDumper dumper = dumper(session, pipeline);
      Set<String> locked = new HashSet<>();
      for (List<DumpPlan.Task> batch = nextBatch(queue);
          !batch.isEmpty() && !Thread.currentThread().isInterrupted();
          batch = nextBatch(queue)) {
        current = batch.get(0);
        Set<String> refused =
            lockWithoutWaiting(
                session,
                batch.stream()
                    .map(DumpPlan.Task::table)
                    .filter(t -> !locked.contains(t.id()))
                    .distinct()
                    .toList());
        for (DumpPlan.Task task : batch) {
          current = task;
          if (refused.contains(task.table().id())) {
            forLeader.add(task);
          } else {
            locked.add(task.table().id());
            dumper.dump(task);
          }
        }
      }
      current = null;
      dumper.finish();
      session.rollback();
      copyWorkersLeft.decrementAndGet();
      pipeline.events().put(new PipelineEvent.WorkerDone());
    } catch (Throwable e) {
      stopped(pipeline, current, e);
    }
  }

  /**
   * Reads, on the leader's session, the tasks the COPY sessions handed over, until they are all
   * done and none is left.
   */
  private void leaderWork(
      Pipeline pipeline, OpeningReader opening, CompletableFuture<Opening> opened) {
    try {
      opened.complete(opening.read());
    } catch (Throwable e) {
      // The writer, waiting for the opening, reports it; nothing else is read.
      opened.completeExceptionally(e);
      return;
    }
    DumpPlan.Task current = null;
    try {
      TableDumper dumper = dumper(leader, pipeline);
      Set<String> reported = new HashSet<>();
      while (!Thread.currentThread().isInterrupted()) {
        boolean last = copyWorkersLeft.get() == 0;
        current = forLeader.poll();
        if (current == null) {
          if (last) {
            break;
          }
          Thread.sleep(20);
          continue;
        }
        if (reported.add(current.table().id())) {
          log.info(
              "  "
                  + current.table().displayName()
                  + " is read by the leader session: another session is waiting for an exclusive"
                  + " lock on it, which it gets when the backup ends.");
        }
        dumper.dump(current);
      }
      current = null;
      dumper.finish();
      pipeline.events().put(new PipelineEvent.WorkerDone());
    } catch (Throwable e) {
      stopped(pipeline, current, e);
    }
  }

  /** A COPY loop ended early: the backup is being stopped, or it fails, naming the table. */
  private void stopped(Pipeline pipeline, DumpPlan.Task current, Throwable e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    } else if (e instanceof SQLException sql && current != null) {
      fail(
          pipeline.events(),
          BackupErrors.forTable(current.table(), user, config.lockTimeout(), sql));
    } else {
      fail(pipeline.events(), e);
    }
  }

  /**
   * The next task, or, once the queue (largest first) is down to small tables, up to {@link
   * #LOCK_BATCH} of them: their locks are then asked for in one statement, not one round trip each.
   */
  private List<DumpPlan.Task> nextBatch(LinkedBlockingQueue<DumpPlan.Task> queue) {
    List<DumpPlan.Task> batch = new ArrayList<>();
    DumpPlan.Task first = queue.poll();
    if (first == null) {
      return batch;
    }
    batch.add(first);
    if (first.bytes() < config.partBytes()) {
      queue.drainTo(batch, LOCK_BATCH - 1);
    }
    return batch;
  }

  /**
   * Locks the tables in this COPY session unless that means waiting; under a savepoint, so that a
   * refusal leaves the snapshot's transaction usable. Sent as one batch: one round trip.
   *
   * @return the ids of the tables that could not be locked without waiting
   */
  private static Set<String> lockWithoutWaiting(Connection session, List<TableInfo> tables)
      throws SQLException {
    if (tables.isEmpty()) {
      return Set.of();
    }
    try (Statement statement = session.createStatement()) {
      statement.execute(
          "SAVEPOINT pgkeeper_lock; LOCK TABLE "
              + tables.stream().map(TableInfo::qualifiedName).collect(Collectors.joining(", "))
              + " IN ACCESS SHARE MODE NOWAIT; RELEASE SAVEPOINT pgkeeper_lock");
      return Set.of();
    } catch (SQLException e) {
      if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw e;
      }
      try (Statement statement = session.createStatement()) {
        statement.execute("ROLLBACK TO SAVEPOINT pgkeeper_lock");
      }
    }
    if (tables.size() == 1) {
      return Set.of(tables.get(0).id());
    }
    Set<String> refused = new HashSet<>(); // which of them: rare, so one by one
    for (TableInfo table : tables) {
      refused.addAll(lockWithoutWaiting(session, List.of(table)));
    }
    return refused;
  }

  private static void fail(BlockingQueue<PipelineEvent> events, Throwable error) {
    try {
      events.put(new PipelineEvent.Failed(error));
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The writer's loop: the opening first, then the parts as they come. Parts that come before the
   * opening is ready wait here, at most as many as the pipeline has blocks; then the loop waits for
   * the opening, and the COPY sessions for it.
   *
   * @return the header written
   */
  private ArchiveHeader write(
      List<TableInfo> tables,
      List<DumpPlan.Task> tasks,
      ArchiveWriter writer,
      BlockingQueue<PipelineEvent> events,
      AtomicInteger pendingParts,
      CompletableFuture<Opening> opened)
      throws IOException, InterruptedException, SQLException {
    Map<String, TableState> states = new HashMap<>();
    Map<String, Long> slices =
        tasks.stream().collect(Collectors.groupingBy(t -> t.table().id(), Collectors.counting()));
    for (TableInfo table : tables) {
      states.put(table.id(), new TableState(table, slices.getOrDefault(table.id(), 0L).intValue()));
    }
    List<DataPart> early = new ArrayList<>();
    ArchiveHeader header = null;
    int workersLeft = jobs + 1; // the COPY sessions and the leader
    while (header == null || workersLeft > 0 || pendingParts.get() > 0) {
      if (header == null && (opened.isDone() || early.size() > 2 * jobs)) {
        header = writeOpening(writer, awaitOpening(opened));
        for (DataPart part : early) {
          store(part, writer, states, pendingParts);
        }
        early.clear();
        continue;
      }
      PipelineEvent event = header == null ? events.poll(20, TimeUnit.MILLISECONDS) : events.take();
      if (event instanceof PipelineEvent.Part part) {
        if (header == null) {
          early.add(part.part());
        } else {
          store(part.part(), writer, states, pendingParts);
        }
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
    return header;
  }

  private void store(
      DataPart data,
      ArchiveWriter writer,
      Map<String, TableState> states,
      AtomicInteger pendingParts)
      throws IOException {
    writer.writePart(data);
    pendingParts.decrementAndGet();
    if (data.isPacked()) {
      long rows = 0;
      long bytes = 0;
      for (PackedRange range : data.ranges()) {
        TableState state = states.get(range.table());
        state.partsWritten++;
        state.packed = true;
        rows += range.rows();
        bytes += range.length();
        reportIfDone(state);
      }
      reportPacked(data.ranges().size(), rows, bytes, states);
    } else {
      TableState state = states.get(data.tableId());
      state.partsWritten++;
      state.storedBytes += data.storedBytes();
      reportIfDone(state);
    }
  }

  /**
   * One line per packed part, not per small table in it: thousands of small tables would otherwise
   * bury the log. Their own lines are at debug level.
   */
  private void reportPacked(int tables, long rows, long bytes, Map<String, TableState> states) {
    packedRows += rows;
    packedBytes += bytes;
    long done =
        states.values().stream().filter(s -> s.copied() && s.partsWritten == s.partsCopied).count();
    double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-9);
    log.info(
        String.format(
            Locale.ROOT,
            "  %,d small tables packed into one part: %,d rows, %s (%,d rows, %s of small tables"
                + " so far, %.1f MB/s); %,d of %,d tables done",
            tables,
            rows,
            Sizes.megabytes(bytes),
            packedRows,
            Sizes.megabytes(packedBytes),
            packedBytes / 1e6 / seconds,
            done,
            states.size()));
  }

  private void reportIfDone(TableState state) {
    if (!state.copied()
        || state.partsWritten != state.partsCopied
        || (state.packed && !log.debugEnabled())) {
      return;
    }
    double seconds = Math.max((System.nanoTime() - state.startNanos) / 1e9, 1e-9);
    String line =
        String.format(
            Locale.ROOT,
            "  %s: %,d rows, %s in %.1f s (%.1f MB/s), %s",
            state.table.displayName(),
            state.rows,
            Sizes.megabytes(state.rawBytes),
            seconds,
            state.rawBytes / 1e6 / seconds,
            state.packed
                ? "packed with other tables"
                : "stored " + Sizes.megabytes(state.storedBytes));
    if (state.packed) {
      log.debug(line);
    } else {
      log.info(line);
    }
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
