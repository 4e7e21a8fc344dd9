package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsReaderTest {
  @Test
  void viewsAndMaterializedViewsAreRecreatedWithTheirOptionsAfterWhatTheyUse() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE TABLE public."Order;Items" (id int PRIMARY KEY, qty int, "select" text);
        CREATE FUNCTION public.zz_double(v int) RETURNS int LANGUAGE sql IMMUTABLE
          RETURN v * 2;
        CREATE VIEW public."a ""quoted"" view" WITH (security_barrier = true) AS
          SELECT id, public.zz_double(qty) AS doubled, "select" FROM public."Order;Items"
          WHERE qty > 0 WITH LOCAL CHECK OPTION;
        ALTER VIEW public."a ""quoted"" view" ALTER COLUMN "select" SET DEFAULT 'none';
        CREATE VIEW public.invoker WITH (security_invoker = true) AS
          SELECT doubled FROM public."a ""quoted"" view";
        CREATE MATERIALIZED VIEW public.totals WITH (fillfactor = 70) AS
          SELECT "select", sum(qty) AS qty FROM public."Order;Items" GROUP BY "select";
        CREATE UNIQUE INDEX totals_by_select ON public.totals ("select");
        """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    List<String> order = model.objects().stream().map(o -> o.key().toString()).toList();
    assertTrue(
        order.indexOf("FUNCTION public.zz_double(integer)")
            < order.indexOf("VIEW public.\"a \"\"quoted\"\" view\""),
        order::toString);
    assertTrue(
        order.indexOf("VIEW public.\"a \"\"quoted\"\" view\"")
            < order.indexOf("VIEW public.invoker"),
        order::toString);
    assertEquals(
        List.of(
            "CREATE MATERIALIZED VIEW public.totals WITH (fillfactor='70') AS\n"
                + " SELECT \"select\",\n"
                + "    sum(qty) AS qty\n"
                + "   FROM public.\"Order;Items\"\n"
                + "  GROUP BY \"select\"\n"
                + "  WITH NO DATA"),
        model
            .find(new ObjectKey(ObjectKind.MATERIALIZED_VIEW, "public.totals"))
            .orElseThrow()
            .statements());
    assertTrue(model.warnings().isEmpty(), model.warnings()::toString);
  }
}
