package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.backup.Backup;
import io.github.pgkeeper.core.backup.BackupConfig;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.testing.RecordingLogger;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source database, migrated and filled as an application would fill it, owned by a role that is
 * not a superuser (as on managed PostgreSQL), and the means to back it up and restore archives. The
 * data covers what COPY text must carry exactly: tabs, newlines, backslashes, quotes and non-ASCII
 * text, NULL and empty strings, bytea, jsonb, arrays, numeric, timestamptz from several zones,
 * uuid, enums and domains, identity and generated columns, a self-referencing and two cyclic
 * foreign keys, a trigger that would rewrite rows, a materialized view, and a table whose name has
 * mixed case, a quote and a semicolon.
 */
abstract class RestoreTestCase {
  static final String SCHEMA =
      """
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
      CREATE TABLE users (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        name_upper text GENERATED ALWAYS AS (upper(name)) STORED,
        email text UNIQUE,
        manager_id bigint REFERENCES users,
        updated_at timestamptz
      );
      CREATE INDEX users_lower_name ON users (lower(name));
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.updated_at = clock_timestamp(); RETURN NEW; END $$;
      CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users
        FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE TABLE teams (id serial PRIMARY KEY, name text NOT NULL, lead_id int);
      CREATE TABLE members (
        id serial PRIMARY KEY,
        team_id int NOT NULL REFERENCES teams,
        user_id bigint REFERENCES users
      );
      ALTER TABLE teams ADD CONSTRAINT teams_lead_fkey FOREIGN KEY (lead_id) REFERENCES members;
      CREATE TABLE samples (
        id uuid PRIMARY KEY,
        body text,
        blob bytea,
        doc jsonb,
        tags text[],
        amount numeric(20, 6),
        at timestamptz,
        feeling mood,
        qty positive_int,
        grid int[]
      );
      CREATE TABLE "Odd ""Name"";Table" ("Key" int PRIMARY KEY, "vAlue" text);
      CREATE MATERIALIZED VIEW team_sizes AS
        SELECT team_id, count(*) AS n FROM members GROUP BY team_id;
      """;

  static final String VERSION_2 = "CREATE INDEX members_user ON members (user_id);\n";

  static final String DATA =
      """
      INSERT INTO users (name, email)
        SELECT 'user ' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'u' || g || '@example.com' END
        FROM generate_series(1, 300) g;
      INSERT INTO users (name, email) VALUES
        (E'tab\\there, newline\\nthere, back\\\\slash, "double" and ''single'' quotes', 'x@y'),
        ('Grüße, 日本語, emoji 🎉, ß', ''),
        ('', NULL);
      UPDATE users SET manager_id = id + 1 WHERE id < 303;
      INSERT INTO teams (name) SELECT 'team ' || g FROM generate_series(1, 20) g;
      INSERT INTO members (team_id, user_id) SELECT 1 + g % 20, 1 + g % 303 FROM generate_series(1, 500) g;
      UPDATE teams SET lead_id = id * 3;
      INSERT INTO samples VALUES
        ('00000000-0000-0000-0000-000000000001', E'a\\tb\\nc\\\\d\\re', E'\\\\x00ff5c0a09',
         '{"k": "v\\"q", "n": [1, 2.5, null], "u": "ü"}', ARRAY['a', NULL, 'b c', '', 'd"e', 'f\\g'],
         123456.789012, '2024-01-01 12:00:00+05:30', 'happy', 5, ARRAY[[1, 2], [3, 4]]),
        ('00000000-0000-0000-0000-000000000002', '', '\\x', '[]', '{}', -0.000001,
         '2024-06-30 23:59:59.999999-08', 'sad', 1, '{}'),
        ('00000000-0000-0000-0000-000000000003', NULL, NULL, 'null', NULL, 'NaN', 'infinity',
         NULL, NULL, NULL),
        ('00000000-0000-0000-0000-000000000004', '\\N', 'NULL', '"\\\\N"', ARRAY['\\N'], 0,
         '1999-12-31 23:00:00 Europe/Berlin', 'ok', 2147483647, ARRAY[NULL]::int[]);
      INSERT INTO samples (id, body, at)
        SELECT gen_random_uuid(), repeat(md5(g::text), 1 + g % 5), now() - g * interval '1 hour'
        FROM generate_series(1, 2000) g;
      INSERT INTO "Odd ""Name"";Table" VALUES (1, 'one'), (2, NULL), (3, E'semi;colon\\n');
      REFRESH MATERIALIZED VIEW team_sizes;
      """;

  private static final AtomicInteger ROLES = new AtomicInteger();

  @TempDir Path project;
  Path migrations;
  RecordingLogger log = new RecordingLogger();
  String role;
  ConnectionConfig source;

  @BeforeEach
  void createSource() throws Exception {
    role = "restore_owner_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
    Sql.execute(
        TestDatabases.server().connection(),
        "CREATE ROLE " + role + " LOGIN PASSWORD 'secret' NOSUPERUSER");
    migrations = Files.createDirectories(project.resolve("migrations"));
    Files.writeString(migrations.resolve("001_schema.sql"), SCHEMA);
    Files.writeString(migrations.resolve("002_members_index.sql"), VERSION_2);
    source = ownedDatabase();
    migrate(source, migrations);
    Sql.execute(source, DATA);
  }

  /** A fresh database owned by the test's role, connected as that role. */
  ConnectionConfig ownedDatabase() {
    ConnectionConfig admin = TestDatabases.freshDatabase();
    String name = admin.url().replaceAll(".*/", "");
    Sql.execute(admin, "ALTER DATABASE " + name + " OWNER TO " + role);
    Sql.execute(admin, "ALTER SCHEMA public OWNER TO " + role);
    return new ConnectionConfig(admin.url(), role, "secret");
  }

  /** The same database, connected as the superuser. */
  static ConnectionConfig asSuperuser(ConnectionConfig config) {
    ConnectionConfig admin = TestDatabases.server().connection();
    return new ConnectionConfig(config.url(), admin.user(), admin.password());
  }

  void migrate(ConnectionConfig database, Path folder) {
    new Migrator(MigrationConfig.of(database, List.of(folder), project), log).migrate();
  }

  Path backup(ConnectionConfig database) {
    BackupConfig config =
        BackupConfig.of(database, project.resolve("backups"))
            .withMigrations(List.of(migrations), false, "public", "pgkeeper_history");
    return new Backup(config, log).run().file();
  }

  RestoreConfig restoreConfig(ConnectionConfig target, Path archive) {
    return RestoreConfig.of(target, archive)
        .withMigrations(List.of(migrations), false, project, "public", "pgkeeper_history");
  }

  RestoreResult restore(RestoreConfig config) {
    return new Restore(config, log).run();
  }

  /** Changes rows everywhere, as an application would after the backup. */
  static void change(ConnectionConfig database) {
    Sql.execute(
        database,
        """
        DELETE FROM members WHERE id > 400;
        UPDATE users SET name = name || ' changed' WHERE id % 10 = 0;
        INSERT INTO users (name) VALUES ('after the backup');
        UPDATE samples SET body = 'changed' WHERE body IS NULL;
        DELETE FROM "Odd ""Name"";Table" WHERE "Key" = 3;
        SELECT nextval('teams_id_seq');
        REFRESH MATERIALIZED VIEW team_sizes;
        """);
  }
}
