package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The schema of 1,000 tables, each with a serial column, a primary key, a secondary index and a
 * foreign key to the one before, is read whole and in order (the time is printed, not asserted:
 * docs/BENCHMARKS.md holds the measured numbers).
 */
class ThousandTablesReadTest {
  private static final int TABLES = 1000;

  @Test
  void aThousandTablesWithKeysIndexesAndSerialsAreReadWhole() {
    ConnectionConfig source =
        SchemaRoundTrip.databaseWith(
            "DO $$ BEGIN FOR i IN 1.."
                + TABLES
                + " LOOP"
                + " EXECUTE format('CREATE TABLE public.t%s (id serial PRIMARY KEY, name text,"
                + " previous integer %s)', i,"
                + " CASE WHEN i > 1 THEN format('REFERENCES public.t%s', i - 1) ELSE '' END);"
                + " EXECUTE format('CREATE INDEX t%s_name ON public.t%s (name)', i, i);"
                + " END LOOP; END $$");
    long start = System.nanoTime();
    SchemaRoundTrip.read(source, "public"); // cold: a new session, as db:backup reads it
    long cold = System.nanoTime();
    SchemaModel model = SchemaRoundTrip.read(source, "public");
    long warm = System.nanoTime();
    System.out.printf(
        "SchemaReader.read of %d tables: %d ms cold, %d ms warm%n",
        TABLES, (cold - start) / 1_000_000, (warm - cold) / 1_000_000);

    Map<ObjectKind, Integer> counts = new TreeMap<>();
    model.objects().forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
    assertEquals(
        Map.of(
            ObjectKind.SCHEMA, 1,
            ObjectKind.SEQUENCE, TABLES,
            ObjectKind.TABLE, TABLES,
            ObjectKind.DEFAULT, TABLES,
            ObjectKind.SEQUENCE_OWNED_BY, TABLES,
            ObjectKind.CONSTRAINT, TABLES,
            ObjectKind.INDEX, TABLES,
            ObjectKind.FOREIGN_KEY, TABLES - 1),
        counts);
    assertTrue(model.warnings().isEmpty(), model.warnings()::toString);
    // each foreign key after the key it references
    var names = model.objects().stream().map(SchemaObject::key).toList();
    assertTrue(
        names.indexOf(new ObjectKey(ObjectKind.CONSTRAINT, "t500_pkey ON public.t500"))
            < names.indexOf(
                new ObjectKey(ObjectKind.FOREIGN_KEY, "t501_previous_fkey ON public.t501")));
  }
}
