package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.archive.DataPart;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * One COPY worker: streams tables out of its session with {@code COPY … TO STDOUT}, cuts the text
 * into bounded blocks at row boundaries, and hands each block to the compressors. Nothing of a
 * table is held beyond the blocks in flight.
 */
final class TableDumper {
  private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  private final Connection connection;
  private final BlockPool blocks;
  private final ExecutorService compressors;
  private final BlockingQueue<PipelineEvent> events;
  private final AtomicInteger pendingParts;
  private final Codec codec;
  private final int level;
  private final Logger log;
  private final long progressEveryNanos;

  TableDumper(
      Connection connection,
      BlockPool blocks,
      ExecutorService compressors,
      BlockingQueue<PipelineEvent> events,
      AtomicInteger pendingParts,
      Codec codec,
      int level,
      Logger log) {
    this(
        connection,
        blocks,
        compressors,
        events,
        pendingParts,
        codec,
        level,
        log,
        PROGRESS_EVERY_NANOS);
  }

  /**
   * @param progressEveryNanos how often a long table reports its progress
   */
  TableDumper(
      Connection connection,
      BlockPool blocks,
      ExecutorService compressors,
      BlockingQueue<PipelineEvent> events,
      AtomicInteger pendingParts,
      Codec codec,
      int level,
      Logger log,
      long progressEveryNanos) {
    this.progressEveryNanos = progressEveryNanos;
    this.connection = connection;
    this.blocks = blocks;
    this.compressors = compressors;
    this.events = events;
    this.pendingParts = pendingParts;
    this.codec = codec;
    this.level = level;
    this.log = log;
  }

  /** Runs one COPY: a whole table, or a slice of its pages. */
  void dump(DumpPlan.Task task) throws SQLException, InterruptedException {
    TableInfo table = task.table();
    int base = task.partBase();
    long start = System.nanoTime();
    CopyManager copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
    CopyOut copy = copyApi.copyOut(DumpPlan.copySql(task));
    int capacity = blocks.blockSize();
    byte[] block = null;
    int length = 0;
    long blockRows = 0;
    int parts = 0;
    long rows = 0;
    long bytes = 0;
    long nextProgress = start + progressEveryNanos;
    try {
      block = blocks.take();
      // PostgreSQL sends one CopyData message per row, so rows are counted without scanning.
      for (byte[] row; (row = copy.readFromCopy()) != null; ) {
        int offset = 0;
        if (length + row.length > capacity && length > 0) {
          submit(table, base + ++parts, block, length, blockRows);
          block = blocks.take();
          length = 0;
          blockRows = 0;
        }
        while (row.length - offset > capacity - length) {
          // A row larger than a block is split; the part where it ends counts it.
          int n = capacity - length;
          System.arraycopy(row, offset, block, length, n);
          offset += n;
          submit(table, base + ++parts, block, capacity, blockRows);
          block = blocks.take();
          length = 0;
          blockRows = 0;
        }
        System.arraycopy(row, offset, block, length, row.length - offset);
        length += row.length - offset;
        blockRows++;
        rows++;
        bytes += row.length;
        if (length == capacity || (rows & 0xfff) == 0 && System.nanoTime() > nextProgress) {
          if (length == capacity) {
            submit(table, base + ++parts, block, length, blockRows);
            block = blocks.take();
            length = 0;
            blockRows = 0;
          }
          long now = System.nanoTime();
          if (now > nextProgress) {
            nextProgress = now + progressEveryNanos;
            log.info(
                String.format(
                    Locale.ROOT,
                    "  … %s: %,d rows, %s so far (%.1f MB/s)",
                    task.label(),
                    rows,
                    Sizes.megabytes(bytes),
                    bytes / 1e6 / ((now - start) / 1e9)));
          }
        }
      }
      if (length > 0) {
        submit(table, base + ++parts, block, length, blockRows);
        block = null;
      }
    } finally {
      if (block != null) {
        blocks.give(block);
      }
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    events.put(new PipelineEvent.TableCopied(table.id(), parts, rows, bytes, start));
  }

  private void submit(TableInfo table, int part, byte[] block, int length, long rows) {
    pendingParts.incrementAndGet();
    compressors.execute(
        () -> {
          try {
            DataPart encoded = DataPart.encode(table.id(), part, block, length, rows, codec, level);
            blocks.give(block);
            events.put(new PipelineEvent.Part(encoded));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the backup is being stopped
          } catch (Throwable e) {
            try {
              events.put(new PipelineEvent.Failed(e));
            } catch (InterruptedException stopped) {
              Thread.currentThread().interrupt();
            }
          }
        });
  }
}
