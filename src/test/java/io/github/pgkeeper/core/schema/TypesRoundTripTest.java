package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Extensions and types survive a schema round trip, and what uses them comes after them. */
class TypesRoundTripTest {
  @Test
  void enumsDomainsCompositesAndRangesAreRecreated() {
    ConnectionConfig source =
        SchemaRoundTrip.databaseWith(
            """
            CREATE SCHEMA "Types; x";
            CREATE TYPE "Types; x"."Mood" AS ENUM ('sad', 'o''k', 'happy');
            ALTER TYPE "Types; x"."Mood" ADD VALUE 'meh' BEFORE 'o''k';
            CREATE DOMAIN "Types; x".positive AS numeric(12,2) DEFAULT 1
              CONSTRAINT "over zero" CHECK (VALUE > 0) NOT NULL;
            CREATE DOMAIN "Types; x".code AS text COLLATE "C" CHECK (length(VALUE) < 10);
            CREATE TABLE "Types; x".holder (price "Types; x".positive, c "Types; x".code);
            INSERT INTO "Types; x".holder VALUES (5, 'abcdefgh');
            ALTER DOMAIN "Types; x".code ADD CONSTRAINT short CHECK (length(VALUE) < 5) NOT VALID;
            CREATE TYPE "Types; x".pair AS (a integer, "B" text COLLATE "C", m "Types; x"."Mood");
            CREATE TYPE "Types; x".floatrange AS RANGE (subtype = float8,
              subtype_diff = float8mi, multirange_type_name = "Types; x".floatranges);
            CREATE TYPE "Types; x".textrange AS RANGE (subtype = text, collation = "C",
              subtype_opclass = text_pattern_ops);
            CREATE TABLE "Types; x".typed OF "Types; x".pair (a WITH OPTIONS NOT NULL);
            CREATE TABLE "Types; x".typed_plain OF "Types; x".pair;
            """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "Types; x");

    assertEquals(
        List.of("'sad'", "'meh'", "'o''k'", "'happy'"),
        model
            .find(new ObjectKey(ObjectKind.TYPE, "\"Types; x\".\"Mood\""))
            .orElseThrow()
            .parts()
            .stream()
            .map(Part::name)
            .toList());
  }

  @Test
  void aTypeBuiltOnATableComesAfterTheTableAndATableOfItAfterTheType() {
    ConnectionConfig source =
        SchemaRoundTrip.databaseWith(
            """
            CREATE TABLE public.zz_base (id int, name text);
            CREATE TYPE public.aa_wrapper AS (item public.zz_base, note text);
            CREATE DOMAIN public.aa_wrapped AS public.aa_wrapper;
            CREATE TABLE public.aa_holder (w public.aa_wrapped);
            """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    List<String> order = model.objects().stream().map(o -> o.name()).toList();
    assertTrue(
        order.indexOf("public.zz_base") < order.indexOf("public.aa_wrapper"), order::toString);
    assertTrue(
        order.indexOf("public.aa_wrapped") < order.indexOf("public.aa_holder"), order::toString);
  }

  @Test
  void extensionsInTheSchemaAndThoseItsObjectsUseAreCreatedFirstWithWhatTheyRequire() {
    ConnectionConfig source =
        SchemaRoundTrip.databaseWith(
            """
            CREATE SCHEMA extensions;
            CREATE EXTENSION citext WITH SCHEMA extensions;
            CREATE SCHEMA geo;
            CREATE EXTENSION earthdistance WITH SCHEMA geo CASCADE;
            CREATE EXTENSION pg_trgm WITH SCHEMA public;
            CREATE EXTENSION hstore WITH SCHEMA extensions;
            CREATE EXTENSION "uuid-ossp" WITH SCHEMA extensions;
            CREATE TABLE public.users (email extensions.citext PRIMARY KEY, spot geo.earth,
              key uuid DEFAULT extensions.uuid_generate_v4());
            CREATE INDEX users_trgm ON public.users USING gin ((email::text) public.gin_trgm_ops);
            """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    List<String> extensions =
        model.objects().stream()
            .filter(o -> o.kind() == ObjectKind.EXTENSION)
            .map(SchemaObject::name)
            .toList();
    assertEquals(
        List.of("\"uuid-ossp\"", "citext", "cube", "earthdistance", "pg_trgm"), extensions);
    List<String> names = new ArrayList<>(model.objects().stream().map(o -> o.name()).toList());
    assertTrue(names.indexOf("cube") < names.indexOf("earthdistance"), names::toString);
    assertTrue(
        model.objects().stream().noneMatch(o -> o.name().contains("similarity")),
        "members of extensions are not objects of their own");
  }
}
