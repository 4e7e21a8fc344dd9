package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoutinesReaderTest {
  private static final String TABLES =
      """
      CREATE SCHEMA "Odd Schema";
      CREATE TABLE "Odd Schema"."Order;Items" (id int PRIMARY KEY, qty int, price numeric);
      CREATE TABLE public.orders (id int PRIMARY KEY);
      """;

  private static final String RANGE = "CREATE TYPE public.span AS RANGE (subtype = int4);";

  private static final String ROUTINES =
      """
      CREATE FUNCTION "Odd Schema"."total;of"(item "Odd Schema"."Order;Items") RETURNS numeric
        LANGUAGE sql IMMUTABLE AS $$ SELECT item.qty * item.price $$;
      CREATE FUNCTION public.count_orders() RETURNS bigint LANGUAGE sql STABLE
        BEGIN ATOMIC SELECT count(*) FROM public.orders; END;
      CREATE FUNCTION public."select"(a int, b int DEFAULT 2) RETURNS int
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
        AS $$ BEGIN RETURN a + b; END $$;
      CREATE FUNCTION public."select"(a text) RETURNS text LANGUAGE sql
        RETURN a || ';';
      CREATE PROCEDURE public."Do It"(IN a int, OUT b int) LANGUAGE plpgsql
        AS $$ BEGIN b := a; END $$;
      CREATE FUNCTION public.my_row_number() RETURNS bigint LANGUAGE internal WINDOW IMMUTABLE
        AS 'window_row_number';
      CREATE FUNCTION public.add_state(s bigint, v int) RETURNS bigint LANGUAGE sql STRICT
        AS $$ SELECT s + v $$;
      CREATE FUNCTION public.sub_state(s bigint, v int) RETURNS bigint LANGUAGE sql STRICT
        AS $$ SELECT s - v $$;
      CREATE FUNCTION public.finish(s bigint) RETURNS text LANGUAGE sql AS $$ SELECT s::text $$;
      CREATE AGGREGATE public."Sum;Up"(int) (
        SFUNC = public.add_state, STYPE = bigint, INITCOND = '0', FINALFUNC = public.finish,
        COMBINEFUNC = int8pl, PARALLEL = SAFE,
        MSFUNC = public.add_state, MINVFUNC = public.sub_state, MSTYPE = bigint,
        MINITCOND = '0', MFINALFUNC = public.finish);
      CREATE AGGREGATE public.biggest(int) (SFUNC = int4larger, STYPE = int, SORTOP = >);
      CREATE AGGREGATE public.how_many(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0');
      CREATE AGGREGATE public.pct(float8 ORDER BY float8) (
        SFUNC = ordered_set_transition, STYPE = internal,
        FINALFUNC = percentile_disc_final, FINALFUNC_EXTRA);
      CREATE AGGREGATE public.hyp(VARIADIC "any" ORDER BY VARIADIC "any") (
        SFUNC = ordered_set_transition_multi, STYPE = internal,
        FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL);
      """;

  @Test
  void functionsProceduresAndAggregatesAreRecreatedExactly() {
    KindsRoundTrip.Result result =
        KindsRoundTrip.run(
            TABLES + RANGE,
            ROUTINES,
            Set.of(ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE),
            "public",
            "Odd Schema");

    List<String> names =
        result.model().objects().stream()
            .filter(
                o ->
                    Set.of(ObjectKind.FUNCTION, ObjectKind.PROCEDURE, ObjectKind.AGGREGATE)
                        .contains(o.kind()))
            .map(o -> o.key().toString())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "AGGREGATE public.\"Sum;Up\"(integer)",
            "AGGREGATE public.biggest(integer)",
            "AGGREGATE public.how_many(*)",
            "AGGREGATE public.hyp(VARIADIC \"any\" ORDER BY VARIADIC \"any\")",
            "AGGREGATE public.pct(double precision ORDER BY double precision)",
            "FUNCTION \"Odd Schema\".\"total;of\"(\"Odd Schema\".\"Order;Items\")",
            "FUNCTION public.\"select\"(integer, integer)",
            "FUNCTION public.\"select\"(text)",
            "FUNCTION public.add_state(bigint, integer)",
            "FUNCTION public.count_orders()",
            "FUNCTION public.finish(bigint)",
            "FUNCTION public.my_row_number()",
            "FUNCTION public.sub_state(bigint, integer)",
            "PROCEDURE public.\"Do It\"(integer)"),
        names,
        "the range type's constructors are the type's, not functions of their own");
    assertTrue(result.model().warnings().isEmpty(), () -> result.model().warnings().toString());
  }

  @Test
  void aFunctionOfATableRowTypeAndABodyReadingATableComeAfterTheTable() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(source, TABLES + ROUTINES);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public", "Odd Schema");

    List<String> order = model.objects().stream().map(o -> o.key().toString()).toList();
    assertTrue(
        order.indexOf("TABLE \"Odd Schema\".\"Order;Items\"")
            < order.indexOf("FUNCTION \"Odd Schema\".\"total;of\"(\"Odd Schema\".\"Order;Items\")"),
        order::toString);
    assertTrue(
        order.indexOf("TABLE public.orders") < order.indexOf("FUNCTION public.count_orders()"),
        order::toString);
  }
}
