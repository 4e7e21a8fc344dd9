package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommentsReaderTest {
  @Test
  void aCommentOnEveryKindOfObjectIsRecreatedAfterItsObject() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE SCHEMA "Odd Schema";
        CREATE TYPE "Odd Schema".mood AS ENUM ('sad', 'happy');
        CREATE TYPE "Odd Schema".pair AS (a int, b int);
        CREATE DOMAIN "Odd Schema".positive AS int CONSTRAINT "is;positive" CHECK (VALUE > 0);
        CREATE SEQUENCE "Odd Schema".numbers;
        CREATE TABLE "Odd Schema"."Order;Items" (
          id int CONSTRAINT "order pk" PRIMARY KEY, qty int CHECK (qty > 0), "select" text);
        CREATE INDEX by_select ON "Odd Schema"."Order;Items" ("select");
        CREATE VIEW "Odd Schema".items AS SELECT id, qty FROM "Odd Schema"."Order;Items";
        CREATE MATERIALIZED VIEW "Odd Schema".totals AS SELECT sum(qty) FROM "Odd Schema".items;
        CREATE FUNCTION "Odd Schema".touch() RETURNS trigger LANGUAGE plpgsql
          AS $$ BEGIN RETURN NEW; END $$;
        CREATE PROCEDURE "Odd Schema".p(a int) LANGUAGE sql AS $$ SELECT a $$;
        CREATE AGGREGATE "Odd Schema".total(int) (SFUNC = int4pl, STYPE = int);
        CREATE TRIGGER touched BEFORE INSERT ON "Odd Schema"."Order;Items"
          FOR EACH ROW EXECUTE FUNCTION "Odd Schema".touch();
        CREATE RULE "no;delete" AS ON DELETE TO "Odd Schema"."Order;Items" DO INSTEAD NOTHING;
        CREATE POLICY mine ON "Odd Schema"."Order;Items" USING (true);
        CREATE COLLATION "Odd Schema".nocase (provider = icu, locale = 'und-u-ks-level2',
          deterministic = false);
        CREATE STATISTICS "Odd Schema".together ON id, qty FROM "Odd Schema"."Order;Items";
        COMMENT ON SCHEMA "Odd Schema" IS 'the schema''s comment; with a quote';
        COMMENT ON TYPE "Odd Schema".mood IS 'an enum';
        COMMENT ON TYPE "Odd Schema".pair IS 'a composite';
        COMMENT ON COLUMN "Odd Schema".pair.b IS 'a composite''s attribute';
        COMMENT ON DOMAIN "Odd Schema".positive IS 'a domain';
        COMMENT ON CONSTRAINT "is;positive" ON DOMAIN "Odd Schema".positive IS 'its check';
        COMMENT ON SEQUENCE "Odd Schema".numbers IS 'a sequence';
        COMMENT ON TABLE "Odd Schema"."Order;Items" IS E'a table\\nwith two lines';
        COMMENT ON COLUMN "Odd Schema"."Order;Items"."select" IS 'a column';
        COMMENT ON CONSTRAINT "order pk" ON "Odd Schema"."Order;Items" IS 'the key';
        COMMENT ON INDEX "Odd Schema"."order pk" IS 'the key''s index';
        COMMENT ON CONSTRAINT "Order;Items_qty_check" ON "Odd Schema"."Order;Items"
          IS 'a check';
        COMMENT ON INDEX "Odd Schema".by_select IS 'an index';
        COMMENT ON VIEW "Odd Schema".items IS 'a view';
        COMMENT ON COLUMN "Odd Schema".items.qty IS 'a view''s column';
        COMMENT ON MATERIALIZED VIEW "Odd Schema".totals IS 'a materialized view';
        COMMENT ON FUNCTION "Odd Schema".touch() IS 'a function';
        COMMENT ON PROCEDURE "Odd Schema".p(int) IS 'a procedure';
        COMMENT ON AGGREGATE "Odd Schema".total(int) IS 'an aggregate';
        COMMENT ON TRIGGER touched ON "Odd Schema"."Order;Items" IS 'a trigger';
        COMMENT ON RULE "no;delete" ON "Odd Schema"."Order;Items" IS 'a rule';
        COMMENT ON POLICY mine ON "Odd Schema"."Order;Items" IS 'a policy';
        COMMENT ON COLLATION "Odd Schema".nocase IS 'a collation';
        COMMENT ON STATISTICS "Odd Schema".together IS 'statistics';
        """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "Odd Schema");

    List<SchemaObject> comments =
        model.objects().stream().filter(o -> o.kind() == ObjectKind.COMMENT).toList();
    assertEquals(24, comments.size(), comments::toString);
    for (SchemaObject comment : comments) {
      assertTrue(
          comment.statements().get(0).startsWith("COMMENT ON " + comment.name() + " IS "),
          comment::toString);
    }
    assertTrue(model.warnings().isEmpty(), model.warnings()::toString);
  }
}
