package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restore into a database that has its schema already (the archive's migration history) compares
 * the target's tables with the archive's before anything is written, and refuses every difference
 * that matters for the rows in one message.
 */
class ExistingTargetFitTest extends RestoreTestCase {

  @Test
  void anExistingTargetWhoseTablesDifferIsRefusedWithEveryDifferenceAndNothingChanges() {
    Path archive = backup(source);
    ConnectionConfig target = ownedDatabase();
    migrate(target, migrations);
    Sql.execute(
        target,
        """
        INSERT INTO teams (name) VALUES ('kept');
        DROP TABLE members CASCADE;
        ALTER TABLE teams ALTER COLUMN name TYPE varchar(10);
        ALTER TABLE samples ADD COLUMN required text NOT NULL;
        ALTER TABLE samples ADD COLUMN optional text NOT NULL DEFAULT 'filled';
        ALTER TABLE "Odd ""Name"";Table" DROP COLUMN "vAlue";
        ALTER TABLE users DROP COLUMN updated_at;
        ALTER TABLE users ADD COLUMN updated_at timestamptz
          GENERATED ALWAYS AS ('2020-01-01 00:00:00+00'::timestamptz) STORED;
        """);
    Map<String, String> before = DatabaseSnapshot.of(target);

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class, () -> restore(restoreConfig(target, archive).withClean(true)));

    String message = refused.getMessage();
    assertTrue(
        message.startsWith("The archive's rows do not fit the target's tables: 5 differences"),
        message);
    for (String difference :
        new String[] {
          "  - public.members: the target has no such table",
          "  - public.teams.name: character varying(10) in the target, text in the archive",
          "  - public.samples.required: NOT NULL without a default in the target, the archive has"
              + " no values for it",
          "  - public.Odd \"Name\";Table.vAlue: the target has no such column, the archive has"
              + " values for it (text)",
          "  - public.users.updated_at: the target computes it (generated), the archive has values"
              + " for it"
        }) {
      assertTrue(message.contains(System.lineSeparator() + difference), message);
    }
    assertTrue(message.contains("The target has the archive's migration history"), message);
    assertTrue(message.endsWith("the database is as it was before."), message);
    assertEquals(Setting.RESTORE_TABLES, refused.setting().orElseThrow());
    assertEquals(before, DatabaseSnapshot.of(target), "nothing changed");
  }
}
