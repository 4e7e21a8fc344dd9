package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.Sizes;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.archive.TableTotals;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Streams one table's COPY text from the archive into the target with pgjdbc's {@link CopyManager}:
 * the parts are decompressed and checked (size, SHA-256) as they stream, never held whole, and,
 * where {@link BinaryColumns} allows, rewritten into binary COPY on the way ({@link
 * BinaryCopyStream}). Counts the rows the server loaded against the manifest.
 */
final class TableLoader {
  /** Bytes per CopyData message: large, so the server gets few, big writes. */
  private static final int COPY_BUFFER = 1024 * 1024;

  private static final int MIN_BUFFER = 64 * 1024;

  private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

  private final Connection connection;
  private final CopyManager copy;
  private final ArchiveReader reader;
  private final Logger log;
  private final long progressEveryNanos;

  TableLoader(Connection connection, ArchiveReader reader, Logger log) throws SQLException {
    this(connection, reader, log, PROGRESS_EVERY_NANOS);
  }

  /**
   * @param progressEveryNanos how often a long table reports how far its load has got
   */
  TableLoader(Connection connection, ArchiveReader reader, Logger log, long progressEveryNanos)
      throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
    this.reader = reader;
    this.log = log;
    this.progressEveryNanos = progressEveryNanos;
  }

  /**
   * Loads the table's rows.
   *
   * @param freeze the table was created or emptied by TRUNCATE in this transaction and is not
   *     partitioned: {@code COPY … FREEZE} writes its rows already frozen, so no later VACUUM
   *     rewrites them
   * @param binary the encoders of its COPY columns, to load it as binary COPY; null to load the
   *     archive's text as it is
   * @return the rows loaded
   */
  /** What {@link #loadAll} loaded: rows, COPY text, and the targets, in order. */
  record Loaded(long rows, long rawBytes, List<TargetCatalog.Target> targets) {}

  /**
   * Loads the targets' rows in order, each as binary COPY where one catalog query for them all
   * ({@link BinaryColumns}) allows it; a table whose rows are excluded is skipped.
   *
   * @param loading told each table before it is loaded, and null once all are: what failed
   */
  Loaded loadAll(List<TargetCatalog.Target> targets, boolean binary, Consumer<TableInfo> loading)
      throws SQLException {
    Map<Long, List<FieldEncoder>> encoders =
        binary ? BinaryColumns.encoders(connection, targets, reader.manifest()) : Map.of();
    long rows = 0;
    long rawBytes = 0;
    List<TargetCatalog.Target> loaded = new ArrayList<>();
    for (TargetCatalog.Target target : targets) {
      TableInfo table = target.table();
      if (!table.dataIncluded()) {
        continue;
      }
      TableTotals totals = reader.totals(table.id()).orElseThrow();
      loading.accept(table);
      try {
        // A partitioned table's rows are routed to its partitions: not frozen.
        rows += load(table, totals, !target.partitioned(), encoders.get(target.oid()));
      } catch (BinaryCopyStream.Unconvertible e) {
        throw new BinaryCopyStream.Unconvertible(table.displayName() + ", " + e.getMessage());
      }
      rawBytes += totals.rawBytes();
      loaded.add(target);
    }
    loading.accept(null);
    return new Loaded(rows, rawBytes, loaded);
  }

  long load(TableInfo table, TableTotals totals, boolean freeze, List<FieldEncoder> binary)
      throws SQLException {
    if (totals.parts() == 0) {
      log.info(String.format(Locale.ROOT, "  %s: no rows", table.displayName()));
      return 0;
    }
    String sql =
        "COPY "
            + table.qualifiedName()
            + " "
            + table.copyColumnList()
            + " FROM STDIN"
            + options(freeze, binary != null);
    log.debug("Loading " + table.displayName() + " (" + totals.rows() + " rows): " + sql);
    long started = System.nanoTime();
    long rows;
    try (InputStream data =
            new Progress(reader.openTableData(table.id()), table, totals.rawBytes(), started);
        InputStream source =
            binary == null
                ? data
                : new BinaryCopyStream(data, table.copyColumns(), binary, totals.rawBytes())) {
      // pgjdbc allocates the buffer for each COPY: a small table's is sized to its text.
      rows =
          copy.copyIn(
              sql, source, (int) Math.max(MIN_BUFFER, Math.min(COPY_BUFFER, totals.rawBytes())));
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot read the rows of " + table.displayName() + " from the archive: " + e.getMessage(),
          null,
          e);
    }
    if (rows != totals.rows()) {
      throw new PgKeeperException(
          "Loading "
              + table.displayName()
              + " stored "
              + rows
              + " rows, but the archive's manifest records "
              + totals.rows()
              + ". The restore was rolled back: the database is as it was before.");
    }
    double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-9);
    log.info(
        String.format(
            Locale.ROOT,
            "  %s: %,d rows, %s in %.1f s (%.1f MB/s)",
            table.displayName(),
            rows,
            Sizes.megabytes(totals.rawBytes()),
            seconds,
            totals.rawBytes() / 1e6 / seconds));
    return rows;
  }

  /** Counts the COPY text read, and says every so often how far a long table has got. */
  private final class Progress extends FilterInputStream {
    private final TableInfo table;
    private final long total;
    private final long started;
    private long read;
    private long next;

    Progress(InputStream text, TableInfo table, long total, long started) {
      super(text);
      this.table = table;
      this.total = total;
      this.started = started;
      this.next = started + progressEveryNanos;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      read += n;
      long now = System.nanoTime();
      if (now >= next) {
        next = now + progressEveryNanos;
        log.info(
            String.format(
                Locale.ROOT,
                "  … %s: %s of %s so far (%.1f MB/s)",
                table.displayName(),
                Sizes.megabytes(read),
                Sizes.megabytes(total),
                read / 1e6 / Math.max((now - started) / 1e9, 1e-9)));
      }
    }
  }

  private static String options(boolean freeze, boolean binary) {
    if (binary) {
      return freeze ? " WITH (FORMAT binary, FREEZE)" : " WITH (FORMAT binary)";
    }
    return freeze ? " WITH (FREEZE)" : "";
  }

  /**
   * Reads a table's parts to their end, through their checksums: after the server refused the data,
   * tells whether the archive is damaged (thrown) or the rows really do not fit.
   */
  void checkParts(TableInfo table) {
    byte[] buffer = new byte[256 * 1024];
    try (InputStream data = reader.openTableData(table.id())) {
      while (data.read(buffer) >= 0) {
        // The stream checks each part as it ends.
      }
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot read the rows of " + table.displayName() + " from the archive: " + e.getMessage(),
          null,
          e);
    }
  }
}
