package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.archive.DataPart;
import io.github.pgkeeper.core.archive.PackedRange;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * One COPY worker: streams tables out of its session with {@code COPY … TO STDOUT}, cuts the text
 * into bounded blocks at row boundaries, and hands each block to the compressors. Small tables, one
 * after the other, share a block: their text goes as one packed part, each table's range recorded,
 * so that a table costs the archive its compressed rows, not an entry of its own. Nothing of a
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

  /** The block being filled, kept from table to table while small ones are packed; or null. */
  private byte[] block;

  /** The bytes of {@link #block} in use. */
  private int length;

  /**
   * The small tables whose whole text is in {@link #block}, in order from its start: they go as one
   * packed part when the block is full or the worker is done ({@link #finish}).
   */
  private final List<PackedRange> packed = new ArrayList<>();

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

  /**
   * Runs one COPY: a whole table, or a slice of its pages. A whole table whose text fits in what is
   * left of the block is packed after the tables before it ({@link #packed}); one that outgrows the
   * block has parts of its own, as every slice does.
   */
  void dump(DumpPlan.Task task) throws SQLException, InterruptedException {
    TableInfo table = task.table();
    int base = task.partBase();
    boolean packable = task.slices() == 1;
    if (!packable) {
      flushPacked(); // a slice's parts are numbered within its table from its first byte
    }
    long start = System.nanoTime();
    CopyManager copyApi = connection.unwrap(PGConnection.class).getCopyAPI();
    CopyOut copy = copyApi.copyOut(DumpPlan.copySql(task));
    int capacity = blocks.blockSize();
    long blockRows = 0;
    int parts = 0;
    long rows = 0;
    long bytes = 0;
    long nextProgress = start + progressEveryNanos;
    try {
      if (block == null) {
        block = blocks.take();
        length = 0;
      }
      int begin = length; // where this table's text starts in the block
      // PostgreSQL sends one CopyData message per row, so rows are counted without scanning.
      for (byte[] row; (row = copy.readFromCopy()) != null; ) {
        int offset = 0;
        if (length + row.length > capacity && begin > 0) {
          // The tables packed before this one go as a part; this one goes on in a block of its own.
          byte[] next = blocks.take();
          System.arraycopy(block, begin, next, 0, length - begin);
          submitPacked(block, begin);
          block = next;
          length -= begin;
          begin = 0;
        }
        if (length + row.length > capacity && length > 0) {
          // More than a block: the table's text goes in parts of its own.
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
        if ((rows & 0xfff) == 0 && System.nanoTime() > nextProgress) {
          long now = System.nanoTime();
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
      if (parts > 0 || !packable) {
        if (length > 0) {
          submit(table, base + ++parts, block, length, blockRows);
          block = null;
          length = 0;
        }
      } else if (length > begin) {
        packed.add(new PackedRange(table.id(), begin, length - begin, blockRows));
        parts = 1;
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
    events.put(new PipelineEvent.TableCopied(table.id(), parts, rows, bytes, start));
  }

  /**
   * Hands over the tables packed so far and gives the block back: the worker has no more tables.
   */
  void finish() {
    flushPacked();
    if (block != null) {
      blocks.give(block);
      block = null;
    }
  }

  private void flushPacked() {
    if (!packed.isEmpty()) {
      submitPacked(block, length);
      block = null;
      length = 0;
    }
  }

  /** Compresses {@code block[0, length)}, the text of the {@link #packed} tables, as one part. */
  private void submitPacked(byte[] full, int used) {
    List<PackedRange> ranges = List.copyOf(packed);
    packed.clear();
    pendingParts.incrementAndGet();
    compressors.execute(
        () -> encode(() -> DataPart.encodePacked(ranges, full, used, codec, level), full));
  }

  private void submit(TableInfo table, int part, byte[] full, int used, long rows) {
    pendingParts.incrementAndGet();
    compressors.execute(
        () ->
            encode(() -> DataPart.encode(table.id(), part, full, used, rows, codec, level), full));
  }

  /** What a compressor does with a block: encode it, give it back, hand the part to the writer. */
  private void encode(Encoding encoding, byte[] full) {
    try {
      DataPart encoded = encoding.encode();
      blocks.give(full);
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
  }

  private interface Encoding {
    DataPart encode() throws IOException;
  }
}
