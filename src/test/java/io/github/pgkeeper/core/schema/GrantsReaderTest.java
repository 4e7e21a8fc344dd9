package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsReaderTest {
  @Test
  void grantsAndRevokesAreReproducedExactlyWithTheirGrantors() {
    String owner = KindsRoundTrip.role("Grant Owner");
    String reader = KindsRoundTrip.role("reader;x");
    String granter = KindsRoundTrip.role("granter");
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE SCHEMA "Odd Schema";
        CREATE TABLE "Odd Schema"."Order;Items" (id int, "select" text, secret text);
        CREATE SEQUENCE "Odd Schema".numbers;
        CREATE VIEW "Odd Schema".items AS SELECT id FROM "Odd Schema"."Order;Items";
        CREATE FUNCTION "Odd Schema".f(a int) RETURNS int LANGUAGE sql RETURN a;
        CREATE PROCEDURE "Odd Schema".p() LANGUAGE sql AS $$ SELECT 1 $$;
        CREATE DOMAIN "Odd Schema".positive AS int CHECK (VALUE > 0);
        CREATE TABLE "Odd Schema".untouched (id int);
        GRANT SELECT ON "Odd Schema".untouched TO "%2$s";
        REVOKE SELECT ON "Odd Schema".untouched FROM "%2$s";
        ALTER SCHEMA "Odd Schema" OWNER TO "%1$s";
        ALTER TABLE "Odd Schema"."Order;Items" OWNER TO "%1$s";
        ALTER TABLE "Odd Schema".untouched OWNER TO "%1$s";
        ALTER SEQUENCE "Odd Schema".numbers OWNER TO "%1$s";
        ALTER VIEW "Odd Schema".items OWNER TO "%1$s";
        ALTER FUNCTION "Odd Schema".f(int) OWNER TO "%1$s";
        ALTER PROCEDURE "Odd Schema".p() OWNER TO "%1$s";
        ALTER DOMAIN "Odd Schema".positive OWNER TO "%1$s";
        GRANT USAGE ON SCHEMA "Odd Schema" TO "%2$s", "%3$s";
        GRANT SELECT ("select", id), UPDATE ("select") ON "Odd Schema"."Order;Items" TO "%2$s";
        GRANT SELECT, INSERT ON "Odd Schema"."Order;Items" TO "%3$s" WITH GRANT OPTION;
        REVOKE DELETE ON "Odd Schema"."Order;Items" FROM "%1$s";
        GRANT USAGE ON SEQUENCE "Odd Schema".numbers TO "%2$s";
        GRANT SELECT ON "Odd Schema".items TO PUBLIC;
        REVOKE EXECUTE ON FUNCTION "Odd Schema".f(int) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION "Odd Schema".f(int) TO "%2$s";
        REVOKE EXECUTE ON PROCEDURE "Odd Schema".p() FROM PUBLIC;
        REVOKE USAGE ON DOMAIN "Odd Schema".positive FROM PUBLIC;
        """
            .formatted(owner, reader, granter));
    Sql.execute(
        source,
        "SET ROLE \"%3$s\"; GRANT SELECT ON \"Odd Schema\".\"Order;Items\" TO \"%2$s\"; RESET ROLE"
            .formatted(owner, reader, granter));

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "Odd Schema");

    assertTrue(model.roles().containsAll(List.of(owner, reader, granter)), model.roles()::toString);
    assertEquals(
        List.of(
            "ACL DOMAIN \"Odd Schema\".positive",
            "ACL FUNCTION \"Odd Schema\".f(integer)",
            "ACL PROCEDURE \"Odd Schema\".p()",
            "ACL SCHEMA \"Odd Schema\"",
            "ACL SEQUENCE \"Odd Schema\".numbers",
            "ACL TABLE \"Odd Schema\".\"Order;Items\"",
            "ACL TABLE \"Odd Schema\".items"),
        model.objects().stream()
            .filter(o -> o.kind() == ObjectKind.ACL)
            .map(o -> o.key().toString())
            .sorted()
            .toList(),
        "privileges back at their defaults need no statement");
    assertEquals(
        List.of(
            "REVOKE EXECUTE ON FUNCTION \"Odd Schema\".f(integer) FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION \"Odd Schema\".f(integer) TO \"%s\"".formatted(reader)),
        model
            .find(new ObjectKey(ObjectKind.ACL, "FUNCTION \"Odd Schema\".f(integer)"))
            .orElseThrow()
            .statements());
    assertTrue(model.warnings().isEmpty(), model.warnings()::toString);
  }

  @Test
  void defaultPrivilegesOfTheSchemasAndOfTheirOwnersAreReproduced() {
    String owner = KindsRoundTrip.role("Default Owner");
    String reader = KindsRoundTrip.role("default;reader");
    String stranger = KindsRoundTrip.role("stranger");
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE SCHEMA app AUTHORIZATION "%1$s";
        ALTER DEFAULT PRIVILEGES FOR ROLE "%1$s" IN SCHEMA app
          GRANT SELECT, UPDATE ON TABLES TO "%2$s";
        ALTER DEFAULT PRIVILEGES FOR ROLE "%1$s" IN SCHEMA app
          GRANT USAGE ON SEQUENCES TO "%2$s" WITH GRANT OPTION;
        ALTER DEFAULT PRIVILEGES FOR ROLE "%1$s" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
        ALTER DEFAULT PRIVILEGES FOR ROLE "%1$s" GRANT USAGE ON SCHEMAS TO "%2$s";
        ALTER DEFAULT PRIVILEGES FOR ROLE "%3$s" REVOKE USAGE ON TYPES FROM PUBLIC;
        """
            .formatted(owner, reader, stranger));
    Sql.execute(
        source,
        "SET ROLE \"%s\"; CREATE TABLE app.made_after (id int); RESET ROLE".formatted(owner));

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "app");

    List<String> defaults =
        model.objects().stream()
            .filter(o -> o.kind() == ObjectKind.DEFAULT_ACL)
            .map(o -> o.key().name())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "FOR ROLE \"%s\" IN SCHEMA app ON SEQUENCES".formatted(owner),
            "FOR ROLE \"%s\" IN SCHEMA app ON TABLES".formatted(owner),
            "FOR ROLE \"%s\" ON FUNCTIONS".formatted(owner),
            "FOR ROLE \"%s\" ON SCHEMAS".formatted(owner)),
        defaults,
        "a role that owns nothing in the schemas has its global defaults left out");
    assertEquals(
        List.of(
            "ALTER DEFAULT PRIVILEGES FOR ROLE \"%s\" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC"
                .formatted(owner)),
        model
            .find(
                new ObjectKey(
                    ObjectKind.DEFAULT_ACL, "FOR ROLE \"%s\" ON FUNCTIONS".formatted(owner)))
            .orElseThrow()
            .statements());
    List<String> order = model.objects().stream().map(o -> o.kind().name()).toList();
    assertTrue(
        order.lastIndexOf("ACL") < order.indexOf("DEFAULT_ACL"),
        "default privileges come after every grant, so they change no object's privileges");
  }
}
