package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import org.junit.jupiter.api.Test;

/** The parts of db:restore that are Maven's: the parameter names its errors point at. */
class RestoreMojoTest {
  @Test
  void failuresNameTheRestoreParameters() {
    assertEquals(
        "x" + System.lineSeparator() + "  Configure: <clean> (-Ddb.restore.clean=true)",
        Parameters.failure(new PgKeeperException("x", Setting.RESTORE_CLEAN)).getMessage());
    assertEquals(
        "<tables> (-Ddb.restore.tables, comma-separated globs such as public.order*)",
        Parameters.describe(Setting.RESTORE_TABLES));
    assertEquals(
        "<replicaRole> (-Ddb.restore.replicaRole=false)",
        Parameters.describe(Setting.RESTORE_REPLICA_ROLE));
    assertEquals(
        "<allowHistoryMismatch> (-Ddb.restore.allowHistoryMismatch=true, for this one restore)",
        Parameters.describe(Setting.RESTORE_ALLOW_HISTORY_MISMATCH));
    assertEquals(
        "<file> (-Ddb.file), the backup archive to read",
        Parameters.describe(Setting.ARCHIVE_FILE));
  }
}
