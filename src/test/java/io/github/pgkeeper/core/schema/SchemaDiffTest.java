package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.testing.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * db:diff's comparison and its migration, one kind of drift at a time, each made by hand on a real
 * PostgreSQL: the report names the object, and the migration closes the drift exactly.
 */
class SchemaDiffTest {
  private static final String ORDERS =
      "CREATE TABLE public.orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL,"
          + " note text, placed date DEFAULT current_date);"
          + "INSERT INTO public.orders VALUES (1, 9.50, 'first', '2024-01-01')";

  @Test
  void anIdenticalSchemaHasNoDifferenceAndAnEmptyMigration() {
    DriftCase drift = DriftCase.of(ORDERS, "SELECT 1");
    assertTrue(drift.diff.isEmpty(), drift::report);
    assertTrue(drift.migration.contains("The live schema is the one the migrations produce"));
  }

  @Test
  void anAddedTableWithRowsIsReportedAndCreated() {
    DriftCase drift =
        DriftCase.of(
            ORDERS,
            "CREATE TABLE public.handmade (id int PRIMARY KEY, label text);"
                + "INSERT INTO public.handmade VALUES (1, 'a'), (2, 'b')");
    assertEquals(
        List.of(
            "  added    TABLE       public.handmade",
            "  added    CONSTRAINT  handmade_pkey ON public.handmade"),
        drift.diff.report());
    drift.assertClosesTheDrift();
  }

  @Test
  void anAddedColumnBecomesAddColumnAndKeepsTheRows() {
    DriftCase drift = DriftCase.of(ORDERS, "ALTER TABLE public.orders ADD COLUMN shipped boolean");
    assertEquals(
        List.of("  changed  TABLE  public.orders", "      column shipped  added: boolean"),
        drift.diff.report());
    assertTrue(drift.migration.contains("ALTER TABLE public.orders ADD COLUMN shipped boolean;"));
    drift.assertClosesTheDrift();
    assertEquals("1", Sql.value(drift.migrated, "SELECT count(*) FROM public.orders"));
  }

  @Test
  void aChangedColumnTypeIsAlteredUnderAWarning() {
    DriftCase drift =
        DriftCase.of(ORDERS, "ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2)");
    assertEquals(
        List.of(
            "  changed  TABLE  public.orders",
            "      column total  numeric(10,2) NOT NULL  ->  numeric(12,2) NOT NULL"),
        drift.diff.report());
    assertTrue(
        drift.migration.contains(
            "-- WARNING: changes the type of public.orders.total from numeric(10,2) to"
                + " numeric(12,2)"),
        drift.migration);
    drift.assertClosesTheDrift();
    assertEquals("9.50", Sql.value(drift.migrated, "SELECT total FROM public.orders"));
  }

  @Test
  void aDroppedColumnIsDroppedUnderAWarning() {
    DriftCase drift = DriftCase.of(ORDERS, "ALTER TABLE public.orders DROP COLUMN note");
    assertEquals(
        List.of("  changed  TABLE  public.orders", "      column note  removed (was text)"),
        drift.diff.report());
    assertTrue(
        drift.migration.contains(
            "-- WARNING: drops column note of public.orders and its values\n"
                + "ALTER TABLE public.orders DROP COLUMN note;"),
        drift.migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void aNotNullAndADefaultChangedByHandAreSetInPlace() {
    DriftCase drift =
        DriftCase.of(
            ORDERS,
            "ALTER TABLE public.orders ALTER COLUMN note SET NOT NULL;"
                + "ALTER TABLE public.orders ALTER COLUMN placed SET DEFAULT '2000-01-01';"
                + "ALTER TABLE public.orders ALTER COLUMN note SET DEFAULT 'none'");
    String report = drift.report();
    assertTrue(report.contains("  added    DEFAULT  public.orders.note"), report);
    assertTrue(report.contains("  changed  DEFAULT  public.orders.placed"), report);
    assertTrue(report.contains("column note  text  ->  text NOT NULL"), report);
    drift.assertClosesTheDrift();
  }

  @Test
  void aDroppedTableIsDroppedUnderAWarningAfterWhatHangsOnIt() {
    DriftCase drift =
        DriftCase.of(
            ORDERS + ";CREATE TABLE public.lines (order_id bigint REFERENCES public.orders)",
            "DROP TABLE public.orders CASCADE");
    String report = drift.report();
    assertTrue(report.contains("  removed  TABLE        public.orders"), report);
    assertTrue(
        report.contains("  removed  FOREIGN KEY  lines_order_id_fkey ON public.lines"), report);
    assertTrue(
        drift.migration.contains(
            "-- WARNING: drops table public.orders and all its rows\nDROP TABLE public.orders;"),
        drift.migration);
    assertTrue(
        drift.migration.indexOf("DROP CONSTRAINT lines_order_id_fkey")
            < drift.migration.indexOf("DROP TABLE public.orders"),
        drift.migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void anAddedIndexIsCreated() {
    DriftCase drift =
        DriftCase.of(ORDERS, "CREATE INDEX orders_by_day ON public.orders (placed DESC)");
    assertEquals(List.of("  added    INDEX  public.orders_by_day"), drift.diff.report());
    drift.assertClosesTheDrift();
  }

  @Test
  void aChangedIndexIsDroppedAndCreatedAgain() {
    DriftCase drift =
        DriftCase.of(
            ORDERS + ";CREATE INDEX orders_by_day ON public.orders (placed)",
            "DROP INDEX public.orders_by_day;"
                + "CREATE INDEX orders_by_day ON public.orders (placed, id)");
    String report = drift.report();
    assertTrue(
        report.contains("-   CREATE INDEX orders_by_day ON public.orders USING btree (placed);"),
        report);
    assertTrue(
        report.contains(
            "+   CREATE INDEX orders_by_day ON public.orders USING btree (placed, id);"),
        report);
    drift.assertClosesTheDrift();
  }

  @Test
  void aSequenceChangedByHandIsAltered() {
    DriftCase drift =
        DriftCase.of(
            "CREATE SEQUENCE public.numbers START 10",
            "ALTER SEQUENCE public.numbers INCREMENT BY 5 MAXVALUE 1000");
    assertTrue(
        drift.migration.contains("ALTER SEQUENCE public.numbers AS bigint"), drift.migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void anOwnerChangedByHandIsSetBack() {
    Sql.execute(
        SchemaRoundTrip.databaseWith("SELECT 1"),
        "DO $$ BEGIN CREATE ROLE drift_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL;"
            + " END $$");
    DriftCase drift = DriftCase.of(ORDERS, "ALTER TABLE public.orders OWNER TO drift_owner");
    assertEquals(
        List.of("  changed  TABLE  public.orders", "      owner postgres  ->  drift_owner"),
        drift.diff.report());
    drift.assertClosesTheDrift();
  }

  @Test
  void aChangedFunctionIsReplacedInPlace() {
    DriftCase drift =
        DriftCase.of(
            "CREATE FUNCTION public.tax(n numeric) RETURNS numeric LANGUAGE sql AS 'SELECT n * 0.2'",
            "CREATE OR REPLACE FUNCTION public.tax(n numeric) RETURNS numeric LANGUAGE sql"
                + " AS 'SELECT n * 0.25'");
    String report = drift.report();
    assertTrue(report.contains("  changed  FUNCTION  public.tax(numeric)"), report);
    assertTrue(report.contains("-   AS $function$SELECT n * 0.2$function$"), report);
    assertTrue(report.contains("+   AS $function$SELECT n * 0.25$function$"), report);
    assertTrue(!drift.migration.contains("DROP FUNCTION"), drift.migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void aChangedViewIsMadeAgainWithTheViewOverIt() {
    DriftCase drift =
        DriftCase.of(
            ORDERS
                + ";CREATE VIEW public.big AS SELECT id, total FROM public.orders WHERE total > 100"
                + ";CREATE VIEW public.big_ids AS SELECT id FROM public.big",
            "CREATE OR REPLACE VIEW public.big AS SELECT id, total FROM public.orders"
                + " WHERE total > 50");
    assertEquals(
        List.of(
            "  changed  VIEW  public.big",
            "          …",
            "             FROM public.orders",
            "      -     WHERE (total > (100)::numeric);",
            "      +     WHERE (total > (50)::numeric);"),
        drift.diff.report());
    String migration = drift.migration;
    assertTrue(
        migration.indexOf("DROP VIEW public.big_ids") < migration.indexOf("DROP VIEW public.big;"),
        migration);
    assertTrue(
        migration.indexOf("CREATE VIEW public.big AS")
            < migration.indexOf("CREATE VIEW public.big_ids"),
        migration);
    assertTrue(migration.contains("-- VIEW public.big_ids: made again"), migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void anAddedPolicyIsCreatedWithRowSecurity() {
    DriftCase drift =
        DriftCase.of(
            ORDERS,
            "ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;"
                + "CREATE POLICY recent ON public.orders FOR SELECT USING (placed > '2020-01-01')");
    String report = drift.report();
    assertTrue(report.contains("  added    POLICY        recent ON public.orders"), report);
    assertTrue(report.contains("  added    ROW SECURITY  public.orders"), report);
    drift.assertClosesTheDrift();
  }

  @Test
  void aGrantGivenByHandIsGrantedAndOneTakenIsRevoked() {
    Sql.execute(
        SchemaRoundTrip.databaseWith("SELECT 1"),
        "DO $$ BEGIN CREATE ROLE drift_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL;"
            + " END $$");
    DriftCase drift =
        DriftCase.of(
            ORDERS
                + ";CREATE TABLE public.audit (id int);GRANT SELECT, INSERT ON public.audit TO"
                + " drift_reader",
            "GRANT SELECT ON public.orders TO drift_reader;"
                + "REVOKE INSERT ON public.audit FROM drift_reader");
    String report = drift.report();
    assertTrue(report.contains("  added    ACL  TABLE public.orders"), report);
    assertTrue(report.contains("  changed  ACL  TABLE public.audit"), report);
    drift.assertClosesTheDrift();
  }

  @Test
  void anEnumLabelAddedByHandIsAddedInPlace() {
    DriftCase drift =
        DriftCase.of(
            "CREATE TYPE public.state AS ENUM ('new', 'paid');"
                + "CREATE TABLE public.carts (id int, state public.state);"
                + "INSERT INTO public.carts VALUES (1, 'paid')",
            "ALTER TYPE public.state ADD VALUE 'open' BEFORE 'paid'");
    assertEquals(
        List.of(
            "  changed  TYPE  public.state",
            "      label 'open'  added: 2",
            "      -   CREATE TYPE public.state AS ENUM ('new', 'paid');",
            "      +   CREATE TYPE public.state AS ENUM ('new', 'open', 'paid');"),
        drift.diff.report());
    assertTrue(
        drift.migration.contains("ALTER TYPE public.state ADD VALUE 'open' AFTER 'new';"),
        drift.migration);
    drift.assertClosesTheDrift();
    assertEquals("paid", Sql.value(drift.migrated, "SELECT state FROM public.carts"));
  }

  @Test
  void aTriggerDisabledByHandIsMadeAgainDisabled() {
    String base =
        ORDERS
            + ";CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS"
            + " 'BEGIN NEW.placed := current_date; RETURN NEW; END';"
            + "CREATE TRIGGER stamp BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION"
            + " public.stamp()";
    DriftCase drift = DriftCase.of(base, "ALTER TABLE public.orders DISABLE TRIGGER stamp");
    String report = drift.report();
    assertTrue(report.contains("  changed  TRIGGER  stamp ON public.orders"), report);
    assertTrue(report.contains("+   ALTER TABLE public.orders DISABLE TRIGGER stamp;"), report);
    drift.assertClosesTheDrift();
  }

  @Test
  void defaultPrivilegesChangedByHandAreUndoneAndSetAsLive() {
    Sql.execute(
        SchemaRoundTrip.databaseWith("SELECT 1"),
        "DO $$ BEGIN CREATE ROLE drift_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL;"
            + " END $$");
    DriftCase drift =
        DriftCase.of(
            ORDERS
                + ";ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO"
                + " drift_reader",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM drift_reader;"
                + "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO"
                + " drift_reader");
    assertTrue(drift.report().contains("DEFAULT ACL"), drift.report());
    drift.assertClosesTheDrift();
  }

  @Test
  void everyKindOfDriftAtOnceIsClosedExactly() {
    Sql.execute(
        SchemaRoundTrip.databaseWith("SELECT 1"),
        "DO $$ BEGIN CREATE ROLE drift_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL;"
            + " END $$");
    String base =
        ORDERS
            + ";CREATE TYPE public.state AS ENUM ('new', 'paid')"
            + ";ALTER TABLE public.orders ADD COLUMN state public.state DEFAULT 'new'"
            + ";ALTER TABLE public.orders ADD COLUMN qty int"
            + ";CREATE FUNCTION public.tax(n numeric) RETURNS numeric LANGUAGE sql"
            + " AS 'SELECT n * 0.2'"
            + ";CREATE VIEW public.taxed AS SELECT id, public.tax(total) AS tax FROM public.orders"
            + ";CREATE VIEW public.taxed_ids AS SELECT id FROM public.taxed"
            + ";CREATE FUNCTION public.stamp() RETURNS trigger LANGUAGE plpgsql AS"
            + " 'BEGIN NEW.placed := current_date; RETURN NEW; END'"
            + ";CREATE TRIGGER stamp BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION"
            + " public.stamp()"
            + ";CREATE INDEX orders_placed ON public.orders (placed)"
            + ";CREATE TABLE public.legacy (id int PRIMARY KEY)"
            + ";GRANT SELECT ON public.taxed TO drift_reader";
    String drift =
        "CREATE TABLE public.handmade (id int PRIMARY KEY, label text NOT NULL DEFAULT 'x');"
            + "INSERT INTO public.handmade VALUES (1, 'a');"
            + "ALTER TABLE public.orders ADD COLUMN shipped boolean;"
            + "ALTER TABLE public.orders ALTER COLUMN qty TYPE bigint;"
            + "ALTER TABLE public.orders DROP COLUMN note;"
            + "CREATE INDEX orders_shipped ON public.orders (shipped);"
            + "DROP TABLE public.legacy;"
            + "ALTER TYPE public.state ADD VALUE 'shipped';"
            + "CREATE OR REPLACE VIEW public.taxed AS SELECT id, public.tax(total) AS tax, placed"
            + " FROM public.orders;"
            + "ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;"
            + "CREATE POLICY mine ON public.orders USING (true);"
            + "ALTER TABLE public.orders DISABLE TRIGGER stamp;"
            + "ALTER TABLE public.orders ALTER COLUMN placed DROP DEFAULT;"
            + "GRANT SELECT ON public.handmade TO drift_reader;"
            + "CREATE OR REPLACE FUNCTION public.tax(n numeric) RETURNS numeric LANGUAGE sql"
            + " AS 'SELECT n * 0.25'";
    DriftCase.of(base, drift).assertClosesTheDrift();
  }

  @Test
  void aColumnTypeChangeRemakesTheUnchangedViewsOverItsTable() {
    String view = "CREATE VIEW public.totals AS SELECT id, total FROM public.orders";
    DriftCase drift =
        DriftCase.of(
            ORDERS + ";" + view,
            "DROP VIEW public.totals;"
                + "ALTER TABLE public.orders ALTER COLUMN total TYPE numeric(12,2);"
                + view);
    assertEquals(
        List.of(
            "  changed  TABLE  public.orders",
            "      column total  numeric(10,2) NOT NULL  ->  numeric(12,2) NOT NULL"),
        drift.diff.report());
    assertTrue(
        drift.migration.contains("-- VIEW public.totals: dropped to be made again"),
        drift.migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void commentsChangedAddedAndRemovedByHandAreSetAsLive() {
    DriftCase drift =
        DriftCase.of(
            ORDERS
                + ";COMMENT ON TABLE public.orders IS 'Orders'"
                + ";COMMENT ON COLUMN public.orders.note IS 'free text'",
            "COMMENT ON TABLE public.orders IS 'Orders, one row each';"
                + "COMMENT ON COLUMN public.orders.note IS NULL;"
                + "COMMENT ON COLUMN public.orders.total IS 'with tax'");
    assertEquals(
        List.of(
            "  added    COMMENT  COLUMN public.orders.total",
            "  removed  COMMENT  COLUMN public.orders.note",
            "  changed  COMMENT  TABLE public.orders",
            "      -   COMMENT ON TABLE public.orders IS 'Orders';",
            "      +   COMMENT ON TABLE public.orders IS 'Orders, one row each';"),
        drift.diff.report());
    assertTrue(
        drift.migration.contains("COMMENT ON COLUMN public.orders.note IS NULL;"), drift.migration);
    drift.assertClosesTheDrift();
  }

  @Test
  void anAddedSqlFunctionOverAnAddedTableIsCreatedThoughItsKindComesFirst() {
    DriftCase drift =
        DriftCase.of(
            ORDERS,
            "CREATE TABLE public.rates (rate numeric);"
                + "CREATE FUNCTION public.rate() RETURNS numeric LANGUAGE sql"
                + " AS 'SELECT max(rate) FROM public.rates'");
    assertTrue(
        drift.migration.indexOf("CREATE OR REPLACE FUNCTION public.rate()")
            < drift.migration.indexOf("CREATE TABLE public.rates"),
        drift.migration);
    drift.assertClosesTheDrift();
  }
}
