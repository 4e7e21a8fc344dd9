package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A long table reports its progress while it is being read, not only when it is done. */
class TableDumperTest {

  @Test
  void aLongTableReportsRowsAndMegabytesWhileItIsRead() throws Exception {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        "CREATE TABLE readings AS SELECT g AS id, repeat('x', 100) AS note"
            + " FROM generate_series(1, 10000) g");
    RecordingLogger log = new RecordingLogger();
    LinkedBlockingQueue<PipelineEvent> events = new LinkedBlockingQueue<>();
    ExecutorService compressors = Executors.newSingleThreadExecutor();
    TableInfo table =
        new TableInfo(
            "0001-public.readings",
            "public",
            "readings",
            TableInfo.KIND_TABLE,
            false,
            List.of(),
            List.of("id", "note"),
            true,
            List.of(),
            List.of(),
            0);
    try (Connection connection = Connections.open(database)) {
      // A zero interval: every check (each 4,096 rows) reports.
      new TableDumper(
              connection,
              new BlockPool(1 << 16, 3),
              compressors,
              events,
              new AtomicInteger(),
              Codec.ZSTD,
              1,
              log,
              0)
          .dump(DumpPlan.Task.whole(table));
    } finally {
      compressors.shutdown();
      compressors.awaitTermination(10, TimeUnit.SECONDS);
    }

    List<String> progress =
        log.lines.stream().filter(line -> line.contains("… public.readings:")).toList();
    assertEquals(2, progress.size(), log.all());
    assertTrue(progress.get(0).contains("4,096 rows"), progress.get(0));
    assertTrue(progress.get(1).contains("8,192 rows") && progress.get(1).contains("MB/s"));
  }
}
