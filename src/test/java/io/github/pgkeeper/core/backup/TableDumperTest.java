package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.ArchiveFormat;
import io.github.pgkeeper.core.archive.Codec;
import io.github.pgkeeper.core.archive.DataPart;
import io.github.pgkeeper.core.archive.PackedRange;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A long table reports its progress while it is being read, not only when it is done; small tables
 * share packed parts, and a table that outgrows the block gets parts of its own.
 */
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

  @Test
  void smallTablesArePackedAndATableThatOutgrowsTheBlockGetsPartsOfItsOwn() throws Exception {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        "CREATE TABLE a AS SELECT g AS id, 'a' || g AS v FROM generate_series(1, 10) g;"
            + " CREATE TABLE d (id int, v text);"
            + " CREATE TABLE b AS SELECT g AS id, repeat('b', 100) AS v"
            + " FROM generate_series(1, 100) g;"
            + " CREATE TABLE c AS SELECT g AS id, 'c' AS v FROM generate_series(1, 3) g;");
    LinkedBlockingQueue<PipelineEvent> events = new LinkedBlockingQueue<>();
    ExecutorService compressors = Executors.newSingleThreadExecutor();
    List<TableInfo> tables = List.of(table(1, "a"), table(2, "d"), table(3, "b"), table(4, "c"));
    try (Connection connection = Connections.open(database)) {
      TableDumper dumper =
          new TableDumper(
              connection,
              new BlockPool(4096, 8),
              compressors,
              events,
              new AtomicInteger(),
              Codec.ZSTD,
              1,
              new RecordingLogger());
      for (TableInfo table : tables) {
        dumper.dump(DumpPlan.Task.whole(table));
      }
      dumper.finish();
    } finally {
      compressors.shutdown();
      compressors.awaitTermination(10, TimeUnit.SECONDS);
    }

    List<DataPart> parts = new ArrayList<>();
    Map<String, Integer> copied = new HashMap<>();
    for (PipelineEvent event : events) {
      if (event instanceof PipelineEvent.Part part) {
        parts.add(part.part());
      } else if (event instanceof PipelineEvent.TableCopied table) {
        copied.put(table.tableId(), table.parts());
      }
    }
    String a = tables.get(0).id();
    String b = tables.get(2).id();
    String c = tables.get(3).id();
    // a was packed; b outgrew the block after it, so a went alone, b had parts of its own (10.5 kB
    // in blocks of 4 kB), and c was packed after b.
    List<String> layout =
        parts.stream()
            .map(
                p ->
                    p.isPacked()
                        ? "packed " + p.ranges().stream().map(PackedRange::table).toList()
                        : p.tableId() + " part " + p.part())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            b + " part 1",
            b + " part 2",
            b + " part 3",
            "packed [" + a + "]",
            "packed [" + c + "]"),
        layout);
    assertEquals(Map.of(a, 1, tables.get(1).id(), 0, b, 3, c, 1), copied);
    assertEquals(
        List.of(new PackedRange(a, 0, 9 * "1\ta1\n".length() + "10\ta10\n".length(), 10)),
        parts.stream()
            .filter(p -> p.isPacked() && p.ranges().get(0).table().equals(a))
            .findFirst()
            .orElseThrow()
            .ranges());
    assertEquals(
        100, parts.stream().filter(p -> b.equals(p.tableId())).mapToLong(DataPart::rows).sum());
  }

  private static TableInfo table(int position, String name) {
    return new TableInfo(
        ArchiveFormat.tableId(position, "public", name),
        "public",
        name,
        TableInfo.KIND_TABLE,
        false,
        List.of(),
        List.of("id", "v"),
        true,
        List.of(),
        List.of(),
        0);
  }
}
