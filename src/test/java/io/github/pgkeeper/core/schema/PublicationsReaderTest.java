package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicationsReaderTest {
  @Test
  void publicationsOfTheSchemasTablesKeepTheirOptionsColumnListsAndFilters() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE SCHEMA "Odd Schema";
        CREATE SCHEMA elsewhere;
        CREATE TABLE "Odd Schema"."Order;Items" (id int PRIMARY KEY, qty int, "select" text);
        CREATE TABLE "Odd Schema".events (id int, at date) PARTITION BY RANGE (at);
        CREATE TABLE elsewhere.other (id int PRIMARY KEY);
        CREATE PUBLICATION "Orders;Feed" FOR TABLE "Odd Schema"."Order;Items" (id, qty)
          WHERE (qty > 10), TABLE "Odd Schema".events, TABLE elsewhere.other
          WITH (publish = 'insert, update', publish_via_partition_root = true);
        CREATE PUBLICATION whole_schema FOR TABLES IN SCHEMA "Odd Schema"
          WITH (publish = '');
        CREATE PUBLICATION unrelated FOR TABLE elsewhere.other;
        """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "Odd Schema");

    assertEquals(
        List.of(
            "PUBLICATION \"Orders;Feed\"",
            "PUBLICATION whole_schema",
            "PUBLICATION TABLE \"Odd Schema\".\"Order;Items\" IN PUBLICATION \"Orders;Feed\"",
            "PUBLICATION TABLE \"Odd Schema\".events IN PUBLICATION \"Orders;Feed\"",
            "PUBLICATION TABLE TABLES IN SCHEMA \"Odd Schema\" IN PUBLICATION whole_schema"),
        model.objects().stream()
            .filter(
                o -> o.kind() == ObjectKind.PUBLICATION || o.kind() == ObjectKind.PUBLICATION_TABLE)
            .map(o -> o.key().toString())
            .toList(),
        "a publication of no table of the schemas is not theirs");
    assertEquals(
        List.of(
            "PUBLICATION \"Orders;Feed\" also publishes TABLE elsewhere.other, outside the read"
                + " schemas: left out"),
        model.warnings());
  }

  @Test
  void aPublicationForAllTablesIsRecreatedAsOne() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE TABLE public.t (id int PRIMARY KEY);
        CREATE PUBLICATION everything FOR ALL TABLES;
        """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    assertEquals(
        List.of(
            "CREATE PUBLICATION everything FOR ALL TABLES WITH (publish = 'insert, update,"
                + " delete, truncate', publish_via_partition_root = false)"),
        model.find(new ObjectKey(ObjectKind.PUBLICATION, "everything")).orElseThrow().statements());
  }
}
