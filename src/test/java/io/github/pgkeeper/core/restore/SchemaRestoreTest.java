package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.archive.ArchiveCorruptException;
import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.core.migration.HistoryTable;
import io.github.pgkeeper.testing.CatalogFingerprint;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restoring into an empty database rebuilds the schema the backup read (its schema.sql), not the
 * one the migrations describe: a database that drifted from its migrations by hand comes back as it
 * was, object for object and row for row.
 */
class SchemaRestoreTest extends RestoreTestCase {

  /** Hand-made changes of every kind of object, none of them in a migration. */
  private String drift(String reader) {
    return """
        CREATE EXTENSION citext SCHEMA public;
        CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
        CREATE TYPE address AS (street text, city text);
        CREATE TYPE price_range AS RANGE (subtype = numeric);
        ALTER TYPE mood ADD VALUE 'ecstatic' AFTER 'happy';
        CREATE TABLE handmade (
          id int PRIMARY KEY,
          note text NOT NULL CONSTRAINT note_not_blank CHECK (note <> ''),
          contact email,
          tag citext,
          ship_to address,
          prices price_range,
          made_at timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00'
        );
        INSERT INTO handmade (id, note, contact, tag, ship_to, prices)
          SELECT g, 'note ' || g, 'h' || g || '@example.com', 'Tag' || g % 5,
                 ROW('street ' || g, 'city'::text)::address, price_range(g, g * 2)
          FROM generate_series(1, 50) g;
        ALTER TABLE users ADD COLUMN nickname text DEFAULT 'none';
        UPDATE users SET nickname = 'nick ' || id WHERE id % 3 = 0;
        CREATE INDEX samples_recent ON samples (at DESC) WHERE at IS NOT NULL;
        CREATE FUNCTION display_name(u users) RETURNS text LANGUAGE sql STABLE
          AS $$ SELECT u.name || ' (' || coalesce(u.nickname, '-') || ')' $$;
        CREATE VIEW user_names AS SELECT u.id, display_name(u) AS shown FROM users u;
        CREATE FUNCTION handmade_stamp() RETURNS trigger LANGUAGE plpgsql
          AS $$ BEGIN NEW.made_at = clock_timestamp(); RETURN NEW; END $$;
        CREATE TRIGGER handmade_stamp BEFORE UPDATE ON handmade
          FOR EACH ROW EXECUTE FUNCTION handmade_stamp();
        ALTER TABLE handmade DISABLE TRIGGER handmade_stamp;
        ALTER TABLE handmade ENABLE ROW LEVEL SECURITY;
        CREATE POLICY handmade_readable ON handmade FOR SELECT TO READER USING (id > 10);
        COMMENT ON TABLE handmade IS 'made by hand, at 2 a.m.';
        COMMENT ON COLUMN users.nickname IS 'added from the dashboard';
        COMMENT ON FUNCTION display_name(users) IS 'for the support team';
        GRANT USAGE ON SCHEMA public TO READER;
        GRANT SELECT ON handmade, user_names TO READER;
        GRANT SELECT (id, name), UPDATE (nickname) ON users TO READER;
        GRANT EXECUTE ON FUNCTION display_name(users) TO READER;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO READER;
        CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY, at date NOT NULL, what text)
          PARTITION BY RANGE (at);
        CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE events_later PARTITION OF events DEFAULT;
        INSERT INTO events (at, what)
          SELECT date '2024-06-01' + g, 'event ' || g FROM generate_series(1, 400) g;
        CREATE INDEX events_at ON events (at);
        CREATE SEQUENCE invoice_numbers START 1000 INCREMENT 10;
        SELECT nextval('invoice_numbers') FROM generate_series(1, 3);
        ALTER TABLE samples ADD CONSTRAINT samples_qty_small CHECK (qty < 1000000) NOT VALID;
        ALTER TABLE members ADD CONSTRAINT members_once UNIQUE (team_id, user_id)
          DEFERRABLE INITIALLY DEFERRED;
        CREATE TABLE handmade_log (at timestamptz, what text);
        CREATE RULE handmade_log_kept AS ON DELETE TO handmade_log DO INSTEAD NOTHING;
        CREATE MATERIALIZED VIEW handmade_counts AS SELECT count(*) AS n FROM handmade;
        CREATE UNLOGGED TABLE scratch (k text PRIMARY KEY, v jsonb);
        INSERT INTO scratch VALUES ('a', '{"x": 1}'), ('b', NULL);
        CREATE PROCEDURE reset_scratch() LANGUAGE sql AS $$ DELETE FROM scratch $$;
        CREATE AGGREGATE text_concat(text) (sfunc = textcat, stype = text, initcond = '');
        CREATE PUBLICATION handmade_changes FOR TABLE handmade;
        """
        .replace("READER", reader);
  }

  private String driftedSource() {
    String reader = role + "_reader";
    Sql.execute(TestDatabases.server().connection(), "CREATE ROLE " + reader + " NOLOGIN");
    Sql.execute(source, drift(reader));
    return reader;
  }

  @Test
  void aDriftedDatabaseRestoresIntoAnEmptyOneWithTheSameCatalogAndRows() {
    driftedSource();
    Path archive = backup(source);
    List<String> backupWarnings = log.warnings();
    ConnectionConfig fresh = ownedDatabase();

    RestoreResult result = restore(restoreConfig(fresh, archive));

    assertEquals(RestoreConfig.SchemaSource.ARCHIVE, result.rebuiltFrom());
    assertEquals(List.of(), backupWarnings, "every object of the drifted schema reproduced");
    List<String> expected = CatalogFingerprint.of(source, "public");
    List<String> restored = CatalogFingerprint.of(fresh, "public");
    assertEquals(expected, restored, differences(expected, restored));
    assertEquals(DatabaseSnapshot.of(source), DatabaseSnapshot.of(fresh), "rows and sequences");
    assertEquals(
        CatalogFingerprint.sequenceValues(source, "public"),
        CatalogFingerprint.sequenceValues(fresh, "public"));
    assertEquals(
        Sql.column(source, "SELECT shown FROM user_names ORDER BY id"),
        Sql.column(fresh, "SELECT shown FROM user_names ORDER BY id"));
    assertEquals("50", Sql.value(fresh, "SELECT n FROM handmade_counts"));
    assertTrue(log.all().contains("schema rebuilt from the archive's schema"), log.all());
  }

  /** The lines only one side has, for a readable failure. */
  static String differences(List<String> source, List<String> restored) {
    List<String> lost = source.stream().filter(l -> !restored.contains(l)).toList();
    List<String> added = restored.stream().filter(l -> !source.contains(l)).toList();
    return "only in the source:\n  "
        + String.join("\n  ", lost)
        + "\nonly in the restored database:\n  "
        + String.join("\n  ", added)
        + "\n";
  }

  @Test
  void aDriftedArchiveReplayedFromItsMigrationsIsRefusedNamingEveryDifferenceAndTheWayOut() {
    driftedSource();
    Path archive = backup(source);
    ConnectionConfig fresh = ownedDatabase();

    PgKeeperException refused =
        assertThrows(
            PgKeeperException.class,
            () ->
                restore(
                    restoreConfig(fresh, archive)
                        .withSchemaFrom(RestoreConfig.SchemaSource.MIGRATIONS)));

    String message = refused.getMessage();
    assertTrue(message.startsWith("The archive's rows do not fit the target's tables"), message);
    assertTrue(message.contains("  - public.handmade: the target has no such table"), message);
    assertTrue(message.contains("  - public.events: the target has no such table"), message);
    assertTrue(
        message.contains("  - public.users.nickname: the target has no such column"), message);
    assertTrue(message.contains("-Ddb.restore.schemaFrom=archive"), message);
    assertEquals(List.of(), Sql.tables(fresh), "the rebuild was rolled back");
  }

  @Test
  void anIndexTheLoadedRowsBreakRollsBackTheWholeRebuild() throws Exception {
    Path archive = backup(source);
    // As if the source had had a unique index its rows break: 500 members in 20 teams.
    Path edited =
        ArchiveDamage.rewriteSchema(
            archive,
            sql ->
                sql
                    + "\n-- object: INDEX public.members_one_per_team\n-- section: post-data\n"
                    + "CREATE UNIQUE INDEX members_one_per_team ON public.members USING btree"
                    + " (team_id);\n",
            project.resolve("edited.tar"));
    ConnectionConfig fresh = ownedDatabase();

    PgKeeperException failed =
        assertThrows(PgKeeperException.class, () -> restore(restoreConfig(fresh, edited)));

    String message = failed.getMessage();
    assertTrue(
        message.startsWith(
            "Recreating the archive's schema failed at INDEX public.members_one_per_team"
                + " (post-data, after the rows were loaded)"),
        message);
    assertTrue(message.contains("The archive's rows do not fit it."), message);
    assertTrue(message.endsWith("the database is as it was before."), message);
    assertEquals(List.of(), Sql.tables(fresh), "nothing of the rebuild or the load is left");
    assertEquals(
        "0",
        Sql.value(fresh, "SELECT count(*) FROM pg_type WHERE typname IN ('mood', 'positive_int')"));
  }

  @Test
  void anObjectTheBackupCannotReproduceIsNamedAtBackupVerifyAndRestore() throws Exception {
    Sql.execute(source, "CREATE TEXT SEARCH CONFIGURATION shop_search (COPY = pg_catalog.english)");

    Path archive = backup(source);

    List<String> atBackup =
        log.warnings().stream()
            .filter(w -> w.startsWith("The archive's schema cannot reproduce: "))
            .toList();
    assertEquals(1, atBackup.size(), log.all());
    assertTrue(atBackup.get(0).contains("public.shop_search"), atBackup.get(0));
    String verified = String.join("\n", ArchiveVerifier.verify(archive).lines());
    assertTrue(verified.contains("1 not reproduced:"), verified);
    assertTrue(verified.contains("    cannot reproduce: "), verified);
    try (ArchiveReader reader = ArchiveReader.open(archive)) {
      assertTrue(reader.schemaSql().orElseThrow().contains("\n-- warning: "));
      assertEquals(1, reader.header().schema().warnings().size());
    }
    ConnectionConfig fresh = ownedDatabase();
    log.lines.clear();

    restore(restoreConfig(fresh, archive));

    assertTrue(
        log.warnings().stream()
            .anyMatch(
                w ->
                    w.startsWith("The archive's schema does not hold, so the restore cannot")
                        && w.contains("public.shop_search")),
        log.all());
    assertEquals(DatabaseSnapshot.rows(source), DatabaseSnapshot.rows(fresh));
  }

  @Test
  void anEmptyHistoryTableInTheTargetIsReplacedByTheArchives() throws Exception {
    Path archive = backup(source);
    ConnectionConfig fresh = ownedDatabase();
    try (Connection connection = Connections.open(fresh)) {
      new HistoryTable("public", "pgkeeper_history").create(connection);
    }

    restore(restoreConfig(fresh, archive));

    assertEquals(DatabaseSnapshot.of(source), DatabaseSnapshot.of(fresh));
    assertEquals(CatalogFingerprint.of(source, "public"), CatalogFingerprint.of(fresh, "public"));
    assertTrue(
        log.all().contains("The target's history table public.pgkeeper_history holds no rows"),
        log.all());
  }

  @Test
  void aDamagedSchemaEntryIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
    Path archive = backup(source);
    Path damaged =
        ArchiveDamage.flipByteInEntry(archive, "schema.sql.zst", project.resolve("bad.tar"));
    ConnectionConfig fresh = ownedDatabase();
    Map<String, String> before = DatabaseSnapshot.of(fresh);

    ArchiveCorruptException refused =
        assertThrows(ArchiveCorruptException.class, () -> restore(restoreConfig(fresh, damaged)));

    assertTrue(refused.getMessage().contains("entry schema.sql.zst"), refused.getMessage());
    assertEquals(before, DatabaseSnapshot.of(fresh));
    assertTrue(refused.setting().isEmpty() || refused.setting().get() != Setting.RESTORE_TABLES);
  }
}
