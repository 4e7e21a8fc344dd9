package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement rule on statements it must flag and statements it must leave alone: the safe
 * forms, guards earlier in the file, and key words hidden in strings, comments, dollar quotes, E''
 * strings and quoted identifiers.
 */
class StatementRulesTest {

  static Stream<Arguments> flagged() {
    return Stream.of(
        Arguments.of("create-table-not-idempotent", "CREATE TABLE t (id int);"),
        Arguments.of("create-table-not-idempotent", "create unlogged table app.t (id int);"),
        Arguments.of("create-table-not-idempotent", "CREATE TABLE \"Odd\" AS SELECT 1 AS x;"),
        Arguments.of("create-index-not-idempotent", "CREATE INDEX t_idx ON t (id);"),
        Arguments.of("create-index-not-idempotent", "CREATE UNIQUE INDEX t_idx ON t (id);"),
        Arguments.of("unnamed-index", "CREATE INDEX ON t (id);"),
        Arguments.of("unnamed-index", "CREATE UNIQUE INDEX CONCURRENTLY ON t (id);"),
        Arguments.of("create-schema-not-idempotent", "CREATE SCHEMA app;"),
        Arguments.of("create-schema-not-idempotent", "CREATE SCHEMA AUTHORIZATION app_owner;"),
        Arguments.of("create-sequence-not-idempotent", "CREATE SEQUENCE order_no START 100;"),
        Arguments.of("create-extension-not-idempotent", "CREATE EXTENSION pgcrypto;"),
        Arguments.of(
            "create-materialized-view-not-idempotent", "CREATE MATERIALIZED VIEW mv AS SELECT 1;"),
        Arguments.of(
            "create-function-not-idempotent",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"),
        Arguments.of(
            "create-function-not-idempotent",
            "CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;"),
        Arguments.of(
            "create-function-not-idempotent",
            "CREATE AGGREGATE my_sum(int) (SFUNC = int4pl, STYPE = int);"),
        Arguments.of("create-view-not-idempotent", "CREATE VIEW v AS SELECT 1;"),
        Arguments.of("create-view-not-idempotent", "CREATE RECURSIVE VIEW v (n) AS SELECT 1;"),
        Arguments.of(
            "create-trigger-not-idempotent",
            "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();"),
        Arguments.of(
            "create-trigger-not-idempotent",
            // A guard for another table does not count.
            "DROP TRIGGER IF EXISTS trg ON other;\n"
                + "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();"),
        Arguments.of("create-type-not-idempotent", "CREATE TYPE mood AS ENUM ('sad', 'ok');"),
        Arguments.of("create-type-not-idempotent", "CREATE DOMAIN email AS text;"),
        Arguments.of(
            "create-type-not-idempotent",
            // The guard must come first.
            "CREATE TYPE mood AS ENUM ('sad');\nDROP TYPE IF EXISTS mood;"),
        Arguments.of("create-policy-not-idempotent", "CREATE POLICY p ON t USING (true);"),
        Arguments.of(
            "create-policy-not-idempotent",
            "DROP POLICY IF EXISTS p ON other;\nCREATE POLICY p ON t USING (true);"),
        Arguments.of("create-role-not-idempotent", "CREATE ROLE app_reader;"),
        Arguments.of("create-role-not-idempotent", "CREATE USER app_writer;"),
        Arguments.of("create-publication-not-idempotent", "CREATE PUBLICATION pub FOR ALL TABLES;"),
        Arguments.of("add-column-not-idempotent", "ALTER TABLE t ADD COLUMN c int;"),
        Arguments.of("add-column-not-idempotent", "ALTER TABLE t ADD c int;"),
        Arguments.of(
            "add-column-not-idempotent",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS a int, ADD COLUMN b int;"),
        Arguments.of(
            "add-constraint-not-idempotent",
            "ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (u) REFERENCES u (id) NOT VALID;"),
        Arguments.of("add-constraint-not-idempotent", "ALTER TABLE t ADD CHECK (a > 0) NOT VALID;"),
        Arguments.of("add-constraint-not-idempotent", "ALTER TABLE t ADD PRIMARY KEY (id);"),
        Arguments.of(
            "add-constraint-not-idempotent",
            // Dropping a constraint of another name, or on another table, is no guard.
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS other;\n"
                + "ALTER TABLE u DROP CONSTRAINT IF EXISTS c;\n"
                + "ALTER TABLE t ADD CONSTRAINT c UNIQUE (a);"),
        Arguments.of("drop-not-idempotent", "DROP TABLE t;"),
        Arguments.of("drop-not-idempotent", "DROP INDEX CONCURRENTLY t_idx;"),
        Arguments.of("drop-not-idempotent", "DROP MATERIALIZED VIEW mv;"),
        Arguments.of("drop-not-idempotent", "DROP POLICY p ON t;"),
        Arguments.of("drop-not-idempotent", "ALTER TABLE t DROP COLUMN c;"),
        Arguments.of("drop-not-idempotent", "ALTER TABLE t DROP c;"),
        Arguments.of("drop-not-idempotent", "ALTER TABLE t DROP CONSTRAINT c;"),
        Arguments.of("rename-not-idempotent", "ALTER TABLE t RENAME TO u;"),
        Arguments.of("rename-not-idempotent", "ALTER TABLE t RENAME COLUMN a TO b;"),
        Arguments.of("rename-not-idempotent", "ALTER TABLE IF EXISTS t RENAME COLUMN a TO b;"),
        Arguments.of("rename-not-idempotent", "ALTER INDEX i RENAME TO j;"),
        Arguments.of("rename-not-idempotent", "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';"),
        Arguments.of("rename-not-idempotent", "ALTER SCHEMA a RENAME TO b;"),
        Arguments.of("add-enum-value-not-idempotent", "ALTER TYPE mood ADD VALUE 'happy';"),
        Arguments.of(
            "add-enum-value-not-idempotent", "ALTER TYPE mood ADD VALUE 'happy' BEFORE 'ok';"),
        Arguments.of("insert-not-idempotent", "INSERT INTO t (a) VALUES (1);"),
        Arguments.of(
            "insert-not-idempotent",
            "INSERT INTO t (a, note) VALUES (1, 'ON CONFLICT DO NOTHING');"),
        Arguments.of(
            "insert-not-idempotent",
            "INSERT INTO t (a) VALUES (1); -- ON CONFLICT DO NOTHING comes later"),
        Arguments.of("insert-not-idempotent", "INSERT INTO t SELECT * FROM s;"),
        Arguments.of("index-without-concurrently", "CREATE INDEX IF NOT EXISTS i ON t (a);"),
        Arguments.of(
            "constraint-without-not-valid",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS fk, ADD CONSTRAINT fk FOREIGN KEY (u)"
                + " REFERENCES u (id);"),
        Arguments.of(
            "constraint-without-not-valid",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck, ADD CONSTRAINT ck CHECK (a > 0);"),
        Arguments.of(
            "add-column-not-null-without-default",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int NOT NULL;"),
        Arguments.of("set-not-null", "ALTER TABLE t ALTER COLUMN c SET NOT NULL;"),
        Arguments.of("set-not-null", "ALTER TABLE t ALTER type SET NOT NULL;"),
        Arguments.of("column-type-change", "ALTER TABLE t ALTER COLUMN c TYPE bigint;"),
        Arguments.of("column-type-change", "ALTER TABLE t ALTER c SET DATA TYPE text;"),
        Arguments.of(
            "unsupported-if-not-exists", "CREATE POLICY IF NOT EXISTS p ON t USING (true);"),
        Arguments.of("unsupported-if-not-exists", "CREATE TYPE IF NOT EXISTS mood AS ENUM ('a');"),
        Arguments.of("unsupported-if-not-exists", "CREATE INDEX IF NOT EXISTS ON t (a);"),
        Arguments.of(
            "unsupported-if-not-exists",
            "CREATE TRIGGER IF NOT EXISTS trg AFTER INSERT ON t EXECUTE FUNCTION f();"));
  }

  static Stream<Arguments> notFlagged() {
    return Stream.of(
        Arguments.of("create-table-not-idempotent", "CREATE TABLE IF NOT EXISTS t (id int);"),
        Arguments.of("create-table-not-idempotent", "CREATE TEMP TABLE t (id int);"),
        Arguments.of(
            "create-table-not-idempotent", "DROP TABLE IF EXISTS t;\nCREATE TABLE t (id int);"),
        Arguments.of(
            "create-table-not-idempotent",
            "DROP TABLE IF EXISTS public.t;\nCREATE TABLE t (id int);"),
        Arguments.of(
            "create-table-not-idempotent",
            "SELECT 'CREATE TABLE t (id int)'; -- CREATE TABLE t\n/* CREATE TABLE t */"),
        Arguments.of("create-table-not-idempotent", "SELECT E'it\\'s CREATE TABLE t (id int)';"),
        Arguments.of(
            "create-table-not-idempotent",
            "CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $body$\n"
                + "BEGIN CREATE TABLE t (id int); END $body$;"),
        Arguments.of("create-table-not-idempotent", "SELECT \"CREATE TABLE t\" FROM x;"),
        Arguments.of(
            "create-table-not-idempotent",
            "DO $$ BEGIN CREATE TABLE t (id int); EXCEPTION WHEN duplicate_table THEN NULL;"
                + " END $$;"),
        Arguments.of("create-index-not-idempotent", "CREATE INDEX IF NOT EXISTS i ON t (a);"),
        Arguments.of(
            "create-index-not-idempotent", "DROP INDEX IF EXISTS i;\nCREATE INDEX i ON t (a);"),
        Arguments.of("unnamed-index", "CREATE INDEX IF NOT EXISTS i ON t (a);"),
        Arguments.of("unnamed-index", "CREATE INDEX \"ON\" ON t (a);"),
        Arguments.of("create-schema-not-idempotent", "CREATE SCHEMA IF NOT EXISTS app;"),
        Arguments.of("create-sequence-not-idempotent", "CREATE SEQUENCE IF NOT EXISTS s;"),
        Arguments.of("create-extension-not-idempotent", "CREATE EXTENSION IF NOT EXISTS citext;"),
        Arguments.of(
            "create-materialized-view-not-idempotent",
            "CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT 1;"),
        Arguments.of(
            "create-function-not-idempotent",
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;"),
        Arguments.of(
            "create-function-not-idempotent",
            "DROP FUNCTION IF EXISTS f(int);\n"
                + "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;"),
        Arguments.of(
            "create-function-not-idempotent",
            "DROP ROUTINE IF EXISTS p;\nCREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$;"),
        Arguments.of("create-view-not-idempotent", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
        Arguments.of("create-view-not-idempotent", "CREATE TEMP VIEW v AS SELECT 1;"),
        Arguments.of(
            "create-trigger-not-idempotent",
            "CREATE OR REPLACE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION"
                + " f();"),
        Arguments.of(
            "create-trigger-not-idempotent",
            "DROP TRIGGER IF EXISTS trg ON public.t;\n"
                + "CREATE TRIGGER trg BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();"),
        Arguments.of(
            "create-type-not-idempotent",
            "DROP TYPE IF EXISTS mood;\nCREATE TYPE mood AS ENUM ('sad', 'ok');"),
        Arguments.of(
            "create-type-not-idempotent",
            "DO $$ BEGIN\n  CREATE TYPE mood AS ENUM ('sad');\n"
                + "EXCEPTION WHEN duplicate_object THEN NULL;\nEND $$;"),
        Arguments.of(
            "create-type-not-idempotent",
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN\n"
                + "  CREATE TYPE mood AS ENUM ('sad');\nEND IF; END $$;"),
        Arguments.of(
            "create-policy-not-idempotent",
            "DROP POLICY IF EXISTS p ON t;\nCREATE POLICY p ON t USING (true);"),
        Arguments.of(
            "create-policy-not-idempotent",
            // A DO block that checks the catalog and drops the policy guards it too.
            "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_policies WHERE policyname = 'p') THEN\n"
                + "  DROP POLICY p ON t;\nEND IF; END $$;\n"
                + "CREATE POLICY p ON t USING (true);"),
        Arguments.of(
            "create-role-not-idempotent",
            "DO $$ BEGIN CREATE ROLE app_reader; EXCEPTION WHEN duplicate_object THEN NULL;"
                + " END $$;"),
        Arguments.of("create-role-not-idempotent", "DROP USER IF EXISTS r;\nCREATE ROLE r;"),
        Arguments.of(
            "create-publication-not-idempotent",
            "DROP PUBLICATION IF EXISTS pub;\nCREATE PUBLICATION pub FOR ALL TABLES;"),
        Arguments.of("add-column-not-idempotent", "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int;"),
        Arguments.of("add-column-not-idempotent", "ALTER TABLE t ADD IF NOT EXISTS c int;"),
        Arguments.of(
            "add-constraint-not-idempotent",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS c;\n"
                + "ALTER TABLE t ADD CONSTRAINT c UNIQUE (a);"),
        Arguments.of(
            "add-constraint-not-idempotent",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS c, ADD CONSTRAINT c CHECK (a > 0) NOT VALID;"),
        Arguments.of("drop-not-idempotent", "DROP TABLE IF EXISTS t;"),
        Arguments.of("drop-not-idempotent", "DROP INDEX CONCURRENTLY IF EXISTS i;"),
        Arguments.of("drop-not-idempotent", "DROP OWNED BY app_reader;"),
        Arguments.of("drop-not-idempotent", "ALTER TABLE t DROP COLUMN IF EXISTS c;"),
        Arguments.of("drop-not-idempotent", "ALTER TABLE t ALTER COLUMN c DROP DEFAULT;"),
        Arguments.of("drop-not-idempotent", "ALTER TABLE t ALTER COLUMN c DROP NOT NULL;"),
        Arguments.of("drop-not-idempotent", "COMMENT ON TABLE t IS 'DROP TABLE t';"),
        Arguments.of("rename-not-idempotent", "ALTER TABLE IF EXISTS t RENAME TO u;"),
        Arguments.of("rename-not-idempotent", "ALTER INDEX IF EXISTS i RENAME TO j;"),
        Arguments.of("rename-not-idempotent", "COMMENT ON COLUMN t.c IS 'RENAME later';"),
        Arguments.of(
            "add-enum-value-not-idempotent", "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';"),
        Arguments.of(
            "insert-not-idempotent", "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING;"),
        Arguments.of(
            "insert-not-idempotent",
            "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = excluded.a;"),
        Arguments.of(
            "insert-not-idempotent",
            "INSERT INTO t (a) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM t WHERE a = 1);"),
        Arguments.of(
            "insert-not-idempotent", "INSERT INTO t (a) SELECT a FROM s EXCEPT SELECT a FROM t;"),
        Arguments.of(
            "index-without-concurrently", "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);"),
        Arguments.of(
            "create-index-not-idempotent",
            "DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (a);"),
        Arguments.of(
            "drop-not-idempotent",
            "DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (a);"),
        Arguments.of(
            "index-without-concurrently",
            "DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (a);"),
        Arguments.of(
            "index-without-concurrently",
            "CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX IF NOT EXISTS i ON t (a);"),
        Arguments.of(
            "constraint-without-not-valid",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS fk, ADD CONSTRAINT fk FOREIGN KEY (u)"
                + " REFERENCES u (id) NOT VALID;"),
        Arguments.of(
            "constraint-without-not-valid",
            "CREATE TABLE IF NOT EXISTS t (a int);\n"
                + "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck, ADD CONSTRAINT ck CHECK (a > 0);"),
        Arguments.of(
            "constraint-without-not-valid",
            "ALTER TABLE t DROP CONSTRAINT IF EXISTS u, ADD CONSTRAINT u UNIQUE (a);"),
        Arguments.of(
            "add-column-not-null-without-default",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int NOT NULL DEFAULT 0;"),
        Arguments.of(
            "add-column-not-null-without-default",
            "ALTER TABLE t ADD COLUMN IF NOT EXISTS c bigint NOT NULL GENERATED ALWAYS AS"
                + " IDENTITY;"),
        Arguments.of(
            "add-column-not-null-without-default",
            "CREATE TABLE IF NOT EXISTS t (a int);\n"
                + "ALTER TABLE t ADD COLUMN IF NOT EXISTS c int NOT NULL;"),
        Arguments.of("set-not-null", "ALTER TABLE t ALTER COLUMN c DROP NOT NULL;"),
        Arguments.of(
            "set-not-null",
            "CREATE TABLE IF NOT EXISTS t (c int);\nALTER TABLE t ALTER COLUMN c SET NOT NULL;"),
        Arguments.of("column-type-change", "ALTER TABLE t ALTER COLUMN type SET DEFAULT 'x';"),
        Arguments.of("unsupported-if-not-exists", "CREATE TABLE IF NOT EXISTS t (id int);"),
        Arguments.of("unsupported-if-not-exists", "SELECT 'CREATE POLICY IF NOT EXISTS p ON t';"));
  }

  @Test
  void aConcurrentIndexIsToldToDropWhatAFailedBuildLeavesNotToAddIfNotExists() {
    LintReport named = Lint.sql("CREATE INDEX CONCURRENTLY orders_idx ON orders (customer_id);");
    Finding finding = Lint.of(named, Rule.CREATE_INDEX_NOT_IDEMPOTENT).get(0);
    assertTrue(
        finding.fix().startsWith("DROP INDEX CONCURRENTLY IF EXISTS orders_idx; before it"),
        finding.fix());

    LintReport unnamed = Lint.sql("CREATE INDEX CONCURRENTLY ON orders (customer_id);");
    String fix = Lint.of(unnamed, Rule.UNNAMED_INDEX).get(0).fix();
    assertTrue(fix.contains("DROP INDEX CONCURRENTLY IF EXISTS name"), fix);
    assertFalse(fix.contains("IF NOT EXISTS"), fix);
  }

  @Test
  void aDropEarlierInTheFileCoversWhatPostgresqlDropsWithIt() {
    LintReport report =
        Lint.sql(
            "DROP TABLE IF EXISTS public.events CASCADE;\n"
                + "CREATE TABLE events (id int PRIMARY KEY, at date) PARTITION BY RANGE (at);\n"
                + "CREATE TABLE events_2024 PARTITION OF events\n"
                + "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
                + "CREATE INDEX events_at ON events (at);\n"
                + "ALTER TABLE events ADD CONSTRAINT events_at_set CHECK (at IS NOT NULL);\n"
                + "ALTER TABLE events ADD COLUMN note text;\n"
                + "CREATE POLICY read_events ON events USING (true);\n"
                + "CREATE TRIGGER events_touch BEFORE UPDATE ON events\n"
                + "  FOR EACH ROW EXECUTE FUNCTION touch();\n"
                // With CASCADE, the views reading it and the foreign keys to it went too.
                + "CREATE VIEW recent_events AS SELECT * FROM public.events;\n"
                + "ALTER TABLE IF EXISTS attendees\n"
                + "  ADD CONSTRAINT attendees_event FOREIGN KEY (event_id) REFERENCES events;\n"
                // DROP TABLE without CASCADE still takes the table's own indexes and policies.
                + "DROP TABLE IF EXISTS tags;\n"
                + "CREATE TABLE tags (id int);\n"
                + "CREATE INDEX tags_id ON tags (id);\n"
                + "CREATE POLICY read_tags ON tags USING (true);\n"
                // A schema dropped with CASCADE takes everything in it.
                + "DROP SCHEMA IF EXISTS reporting CASCADE;\n"
                + "CREATE SCHEMA reporting;\n"
                + "CREATE TABLE reporting.daily (day date);\n"
                + "CREATE INDEX daily_day ON reporting.daily (day);\n"
                + "CREATE FUNCTION reporting.total() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                + "CREATE TYPE reporting.period AS ENUM ('day');\n"
                // A function dropped with CASCADE takes the triggers that call it.
                + "DROP FUNCTION IF EXISTS stamp() CASCADE;\n"
                + "CREATE OR REPLACE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql\n"
                + "  AS $$ BEGIN RETURN NEW; END $$;\n"
                + "CREATE TRIGGER users_stamp BEFORE UPDATE ON users\n"
                + "  FOR EACH ROW EXECUTE PROCEDURE public.stamp();\n"
                // What no drop covered is still reported.
                + "CREATE INDEX users_email ON users (email);\n"
                + "CREATE POLICY read_users ON users USING (true);\n"
                + "CREATE VIEW user_names AS SELECT name FROM users;\n");

    assertEquals(
        List.of(
            "29 create-index-not-idempotent",
            "30 create-policy-not-idempotent",
            "31 create-view-not-idempotent"),
        report.findings().stream()
            .filter(f -> f.rule().category() == Category.IDEMPOTENCY)
            .map(f -> f.line() + " " + f.rule().id())
            .toList(),
        Lint.describe(report));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("flagged")
  void flags(String ruleId, String sql) {
    Rule rule = Rule.byId(ruleId).orElseThrow();
    LintReport report = Lint.sql(sql);
    assertEquals(1, Lint.of(report, rule).size(), Lint.describe(report));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("notFlagged")
  void leavesAlone(String ruleId, String sql) {
    Rule rule = Rule.byId(ruleId).orElseThrow();
    LintReport report = Lint.sql(sql);
    assertEquals(List.of(), Lint.of(report, rule), Lint.describe(report));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flagged")
  void everyFlaggedCaseNamesItsRuleInTheFormattedLine(String ruleId, String sql) {
    LintReport report = Lint.sql(sql);
    assertTrue(
        report.findings().stream()
            .anyMatch(
                f ->
                    f.format().startsWith("migrations/001_test.sql:[")
                        && f.format().contains("] " + ruleId + ": ")),
        Lint.describe(report));
  }
}
