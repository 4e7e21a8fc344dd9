package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables, columns, defaults, sequences, constraints and indexes survive a schema round trip. */
class TablesRoundTripTest {
  @Test
  void columnsWithTypesCollationsNotNullGeneratedAndStorageAreRecreated() {
    ConnectionConfig source =
        SchemaRoundTrip.databaseWith(
            """
            CREATE TABLE public.plain (
              id integer NOT NULL,
              name text COLLATE "C" NOT NULL,
              price numeric(10,2),
              upper_name text GENERATED ALWAYS AS (upper(name)) STORED,
              tags text[] COMPRESSION pglz,
              created timestamptz(3) DEFAULT now()
            ) WITH (fillfactor = 70, autovacuum_enabled = off, toast.autovacuum_enabled = false);
            ALTER TABLE public.plain ALTER COLUMN price SET STATISTICS 500;
            ALTER TABLE public.plain ALTER COLUMN name SET STORAGE EXTERNAL;
            ALTER TABLE public.plain ALTER COLUMN id SET (n_distinct = -1);
            ALTER TABLE public.plain REPLICA IDENTITY FULL;
            CREATE UNLOGGED TABLE public.scratch (a int);
            ALTER TABLE public.scratch REPLICA IDENTITY NOTHING;
            ALTER TABLE public.scratch ENABLE ROW LEVEL SECURITY;
            ALTER TABLE public.scratch FORCE ROW LEVEL SECURITY;
            ALTER TABLE public.plain DROP COLUMN price;
            ALTER TABLE public.plain ADD COLUMN price numeric DEFAULT 0;
            """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    SchemaObject plain = model.find(new ObjectKey(ObjectKind.TABLE, "public.plain")).orElseThrow();
    assertEquals(
        List.of("id", "name", "upper_name", "tags", "created", "price"),
        plain.parts().stream().map(Part::name).toList());
    assertTrue(model.find(new ObjectKey(ObjectKind.DEFAULT, "public.plain.price")).isPresent());
    assertTrue(model.find(new ObjectKey(ObjectKind.ROW_SECURITY, "public.scratch")).isPresent());
  }

  @Test
  void hostileNamesAreQuotedEverywhere() {
    ConnectionConfig source =
        SchemaRoundTrip.databaseWith(
            """
            CREATE SCHEMA "My Schema; DROP";
            CREATE TABLE "My Schema; DROP"."Order ""Lines""\" (
              "select" integer PRIMARY KEY,
              "Mixed Case" text DEFAULT 'a;b''c' UNIQUE,
              "user" serial,
              ";--" int CHECK (";--" > 0)
            );
            CREATE INDEX "idx; DROP TABLE x" ON "My Schema; DROP"."Order ""Lines""\" ("Mixed Case");
            CREATE TABLE "My Schema; DROP"."table" (
              "from" integer REFERENCES "My Schema; DROP"."Order ""Lines""\" ("select")
            );
            """);

    SchemaRoundTrip.assertRoundTrip(source, "My Schema; DROP");
  }
}
