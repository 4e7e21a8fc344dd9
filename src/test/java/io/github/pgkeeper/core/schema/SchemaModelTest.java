package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchemaModelTest {
  private static SchemaObject object(
      ObjectKind kind, String name, String owner, String sql, ObjectKey... dependsOn) {
    return new SchemaObject(
        new ObjectKey(kind, name),
        "public",
        owner,
        kind.section(),
        List.of(sql),
        List.of(),
        Set.of(dependsOn));
  }

  @Test
  void schemaSqlReadsBackAsTheSameObjectsInTheSameOrder() {
    SchemaModel model =
        new SchemaModel(
            List.of(
                object(ObjectKind.TABLE, "public.\"odd\nname\"", "app", "CREATE TABLE x (a int)"),
                object(
                    ObjectKind.FUNCTION,
                    "public.f()",
                    "app",
                    "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS $$\n"
                        + "-- object: TABLE fake\nSELECT 1; $$"),
                object(
                    ObjectKind.MATERIALIZED_VIEW,
                    "public.mv",
                    "user",
                    "CREATE MATERIALIZED VIEW" + " public.mv AS SELECT 1 WITH NO DATA"),
                object(ObjectKind.INDEX, "public.i", null, "CREATE INDEX i ON x (a)")),
            List.of("cannot read this; or that"),
            Set.of("app", "user"));
    String sql = model.toSql("title\nsecond line");

    SchemaModel back = SchemaModel.parse(sql);

    assertEquals(
        model.objects().stream().map(SchemaObject::key).toList(),
        back.objects().stream().map(SchemaObject::key).toList());
    for (int i = 0; i < model.objects().size(); i++) {
      assertEquals(model.objects().get(i).statements(), back.objects().get(i).statements());
      assertEquals(model.objects().get(i).owner(), back.objects().get(i).owner());
      assertEquals(model.objects().get(i).section(), back.objects().get(i).section());
    }
    assertEquals(model.warnings(), back.warnings());
    assertEquals(model.roles(), back.roles());
    assertTrue(sql.contains("ALTER MATERIALIZED VIEW public.mv OWNER TO \"user\";"), sql);
  }

  @Test
  void aSqlStandardFunctionBodyReadsBackAsOneStatement() {
    String function =
        "CREATE FUNCTION public.f() RETURNS bigint LANGUAGE sql\nBEGIN ATOMIC\n"
            + " SELECT 1;\n SELECT count(*) FROM public.t;\nEND";
    SchemaModel model =
        new SchemaModel(
            List.of(
                object(ObjectKind.FUNCTION, "public.f()", "app", function),
                object(ObjectKind.TABLE, "public.t", "app", "CREATE TABLE public.t (a int)")),
            List.of(),
            Set.of("app"));

    SchemaModel back = SchemaModel.parse(model.toSql("title"));

    assertEquals(List.of(function), back.objects().get(0).statements());
    assertEquals(2, back.objects().size());
  }

  @Test
  void warningsAndRolesReadBackWithoutAnyObject() {
    SchemaModel model = new SchemaModel(List.of(), List.of("lost: x"), Set.of("app"));

    SchemaModel back = SchemaModel.parse(model.toSql("title"));

    assertEquals(List.of("lost: x"), back.warnings());
    assertEquals(Set.of("app"), back.roles());
  }

  @Test
  void aStatementOutsideAnObjectIsRefusedWithItsLine() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SchemaModel.parse("-- x\nSELECT 1;"));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }

  @Test
  void dependenciesComeFirstAndAnObjectNeedingPostDataMovesThere() {
    ObjectKey table = new ObjectKey(ObjectKind.TABLE, "public.t");
    ObjectKey key = new ObjectKey(ObjectKind.CONSTRAINT, "t_pkey ON public.t");
    ObjectKey function = new ObjectKey(ObjectKind.FUNCTION, "public.f()");
    List<SchemaObject> objects =
        List.of(
            object(ObjectKind.VIEW, "public.v", "app", "CREATE VIEW v", table, key),
            object(ObjectKind.CONSTRAINT, "t_pkey ON public.t", null, "ALTER TABLE", table),
            object(ObjectKind.TABLE, "public.t", "app", "CREATE TABLE t", function),
            object(ObjectKind.FUNCTION, "public.f()", "app", "CREATE FUNCTION f"));
    List<String> loops = new ArrayList<>();

    List<SchemaObject> sorted = DependencyOrder.sort(objects, loops);

    assertEquals(
        List.of("public.f()", "public.t", "t_pkey ON public.t", "public.v"),
        sorted.stream().map(SchemaObject::name).toList());
    assertEquals(Section.POST_DATA, sorted.get(3).section());
    assertTrue(loops.isEmpty());
  }

  @Test
  void aLoopIsBrokenAndNamed() {
    ObjectKey a = new ObjectKey(ObjectKind.FUNCTION, "public.a()");
    ObjectKey b = new ObjectKey(ObjectKind.FUNCTION, "public.b()");
    List<String> loops = new ArrayList<>();

    List<SchemaObject> sorted =
        DependencyOrder.sort(
            List.of(
                object(ObjectKind.FUNCTION, "public.b()", null, "b", a),
                object(ObjectKind.FUNCTION, "public.a()", null, "a", b)),
            loops);

    assertEquals(2, sorted.size());
    assertEquals(1, loops.size(), loops.toString());
    assertTrue(loops.get(0).contains("FUNCTION public.a()"), loops.get(0));
  }
}
