package io.github.pgkeeper.core.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup's round trips to the server, counted in the driver's protocol log: besides the one COPY
 * per table, they must not grow with the number of tables (a query per table or per sequence costs
 * seconds at thousands of tables). A round trip of the extended protocol ends with a Sync message;
 * a COPY starts with its own query message.
 */
class BackupRoundTripsTest {
  @TempDir Path project;

  @Test
  void doublingTheTablesAddsTheirCopiesButAlmostNoOtherQueries() throws Exception {
    Count small = backUp(150);
    Count large = backUp(300);

    assertEquals(150, small.copies(), "one COPY per table");
    assertEquals(300, large.copies(), "one COPY per table");
    // What may grow: the COPY sessions' lock statements, one per batch of up to 64 tables. A
    // query per table (or per table's sequence) would add 150 at least.
    int added = large.others() - small.others();
    assertTrue(added <= 150 / 10, "150 more tables cost " + added + " more round trips");
  }

  private record Count(int copies, int others) {}

  /** Backs up {@code tables} tables, each with a serial key (a sequence) and a row. */
  private Count backUp(int tables) throws Exception {
    ConnectionConfig database = TestDatabases.freshDatabase();
    Sql.execute(
        database,
        "DO $$ BEGIN FOR i IN 1.."
            + tables
            + " LOOP EXECUTE format('CREATE TABLE t%s (id serial PRIMARY KEY, name text);"
            + " INSERT INTO t%s (name) VALUES (''x'')', i, i); END LOOP; END $$");
    BackupConfig config =
        BackupConfig.of(database, project.resolve("backups-" + tables))
            .withMigrations(List.of(project.resolve("migrations")), false, "public", "no_history")
            .withJobs(2);
    Logger protocol = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
    AtomicInteger copies = new AtomicInteger();
    AtomicInteger others = new AtomicInteger();
    Handler counter =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message.startsWith(" FE=> Query(CopyStart)")) {
              copies.incrementAndGet();
            } else if (message.startsWith(" FE=> Sync")) {
              others.incrementAndGet();
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = protocol.getLevel();
    protocol.setUseParentHandlers(false); // not through the driver log: thousands of lines
    protocol.addHandler(counter);
    protocol.setLevel(Level.FINEST);
    try {
      new Backup(config, new RecordingLogger()).run();
    } finally {
      protocol.setLevel(level);
      protocol.removeHandler(counter);
      protocol.setUseParentHandlers(true);
    }
    return new Count(copies.get(), others.get());
  }
}
