package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.restore.RestoreConfig.SchemaSource;
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
    assertEquals(
        "<schemaFrom> (-Ddb.restore.schemaFrom=archive|migrations, default archive)",
        Parameters.describe(Setting.RESTORE_SCHEMA_FROM));
    assertEquals(
        "<createRoles> (-Ddb.restore.createRoles=true: missing roles created as NOLOGIN roles)",
        Parameters.describe(Setting.RESTORE_CREATE_ROLES));
    assertEquals(
        "<privileges> (-Ddb.restore.privileges=false: no owners and grants, as pg_restore"
            + " --no-owner --no-privileges)",
        Parameters.describe(Setting.RESTORE_PRIVILEGES));
  }

  @Test
  void schemaFromIsArchiveOrMigrationsAndAnythingElseIsRefusedNamingTheParameter() {
    assertEquals(SchemaSource.ARCHIVE, SchemaSource.parse("archive"));
    assertEquals(SchemaSource.MIGRATIONS, SchemaSource.parse(" Migrations "));

    PgKeeperException refused =
        assertThrows(PgKeeperException.class, () -> SchemaSource.parse("dump"));

    assertEquals(
        "schemaFrom is dump; it must be archive (the default) or migrations.",
        refused.getMessage());
    assertEquals(Setting.RESTORE_SCHEMA_FROM, refused.setting().orElseThrow());
  }
}
