package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggersRulesPoliciesReaderTest {
  @Test
  void triggersKeepTheirEnabledStateAndPartitionClonesAreNotReadTwice() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE TABLE public."Audit;Log" (id int, at date NOT NULL);
        CREATE TABLE public.events (id int, at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE public.events_2024 PARTITION OF public.events
          FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE public.events_2025 PARTITION OF public.events
          FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql
          AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER "Before;Insert" BEFORE INSERT ON public."Audit;Log"
          FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION public.touch();
        ALTER TABLE public."Audit;Log" DISABLE TRIGGER "Before;Insert";
        CREATE TRIGGER "order" AFTER UPDATE OF at ON public."Audit;Log"
          FOR EACH STATEMENT EXECUTE FUNCTION public.touch();
        ALTER TABLE public."Audit;Log" ENABLE REPLICA TRIGGER "order";
        CREATE CONSTRAINT TRIGGER checked AFTER INSERT ON public."Audit;Log"
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.touch();
        ALTER TABLE public."Audit;Log" ENABLE ALWAYS TRIGGER checked;
        CREATE TRIGGER on_events AFTER INSERT ON public.events
          FOR EACH ROW EXECUTE FUNCTION public.touch();
        ALTER TABLE public.events_2025 DISABLE TRIGGER on_events;
        CREATE RULE "no;delete" AS ON DELETE TO public."Audit;Log" DO INSTEAD NOTHING;
        CREATE RULE keep AS ON UPDATE TO public."Audit;Log" DO ALSO NOTHING;
        ALTER TABLE public."Audit;Log" DISABLE RULE keep;
        """);

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    List<String> triggers =
        model.objects().stream()
            .filter(o -> o.kind() == ObjectKind.TRIGGER || o.kind() == ObjectKind.RULE)
            .map(o -> o.key().toString())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "RULE \"no;delete\" ON public.\"Audit;Log\"",
            "RULE keep ON public.\"Audit;Log\"",
            "TRIGGER \"Before;Insert\" ON public.\"Audit;Log\"",
            "TRIGGER \"order\" ON public.\"Audit;Log\"",
            "TRIGGER checked ON public.\"Audit;Log\"",
            "TRIGGER on_events ON public.events"),
        triggers);
    assertEquals(
        List.of("D"),
        Sql.column(
            source,
            "SELECT tgenabled FROM pg_trigger WHERE tgrelid = 'public.events_2025'::regclass"),
        "the clone on a partition was disabled on its own");
    assertTrue(model.warnings().isEmpty(), model.warnings()::toString);
  }

  @Test
  void policiesKeepTheirRolesCommandsAndExpressions() {
    String reader = KindsRoundTrip.role("Policy Reader");
    String writer = KindsRoundTrip.role("policy;writer");
    ConnectionConfig source = TestDatabases.freshDatabase();
    KindsRoundTrip.script(
        source,
        """
        CREATE TABLE public.docs (id int, owner name, body text);
        ALTER TABLE public.docs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY "see own" ON public.docs FOR SELECT TO "%1$s", "%2$s"
          USING (owner = current_user);
        CREATE POLICY "only;short" ON public.docs AS RESTRICTIVE FOR INSERT TO PUBLIC
          WITH CHECK (length(body) < 100);
        CREATE POLICY everything ON public.docs USING (true) WITH CHECK (id > 0);
        """
            .formatted(reader, writer));

    SchemaModel model = SchemaRoundTrip.assertRoundTrip(source, "public");

    assertTrue(model.roles().containsAll(List.of(reader, writer)), model.roles()::toString);
    assertEquals(
        List.of(
            "POLICY \"only;short\" ON public.docs",
            "POLICY \"see own\" ON public.docs",
            "POLICY everything ON public.docs"),
        model.objects().stream()
            .filter(o -> o.kind() == ObjectKind.POLICY)
            .map(o -> o.key().toString())
            .sorted()
            .toList());
  }
}
