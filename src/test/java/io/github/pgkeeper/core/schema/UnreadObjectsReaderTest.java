package io.github.pgkeeper.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreadObjectsReaderTest {
  @Test
  void everyObjectOfTheSchemasThatNoReaderCapturedIsNamedInAWarning() {
    ConnectionConfig source = TestDatabases.freshDatabase();
    String trigger = "unread_" + ProcessHandle.current().pid();
    KindsRoundTrip.script(
        source,
        """
        CREATE SCHEMA "Odd Schema";
        CREATE TYPE "Odd Schema".mood AS ENUM ('sad', 'happy');
        CREATE FUNCTION "Odd Schema".mood_rank(m "Odd Schema".mood) RETURNS int
          LANGUAGE sql IMMUTABLE RETURN CASE WHEN m = 'happy' THEN 1 ELSE 0 END;
        CREATE CAST ("Odd Schema".mood AS int) WITH FUNCTION "Odd Schema".mood_rank;
        CREATE OPERATOR "Odd Schema".=== (
          LEFTARG = int, RIGHTARG = int, FUNCTION = int4eq);
        CREATE TEXT SEARCH CONFIGURATION "Odd Schema".plain (COPY = simple);
        CREATE FOREIGN DATA WRAPPER unread_wrapper;
        CREATE SERVER unread_server FOREIGN DATA WRAPPER unread_wrapper;
        CREATE FOREIGN TABLE "Odd Schema"."Remote;Rows" (id int) SERVER unread_server;
        CREATE FUNCTION "Odd Schema".on_ddl() RETURNS event_trigger LANGUAGE plpgsql
          AS $$ BEGIN END $$;
        CREATE TABLE "Odd Schema".kept (id int PRIMARY KEY, m "Odd Schema".mood);
        CREATE STATISTICS "Odd Schema".kept_stats ON id, m FROM "Odd Schema".kept;
        """);
    // Event triggers are per database but their names are not: one per test run.
    Sql.execute(
        source,
        "CREATE EVENT TRIGGER "
            + trigger
            + " ON ddl_command_end"
            + " EXECUTE FUNCTION \"Odd Schema\".on_ddl()");

    SchemaModel model = KindsRoundTrip.read(source, "Odd Schema");

    String tail =
        " is not in the schema snapshot (no reader for it): a restore does not"
            + " recreate it; recreate it by hand";
    assertEquals(
        List.of(
            "CAST (\"Odd Schema\".mood AS integer)" + tail,
            "EVENT TRIGGER " + trigger + tail,
            "FOREIGN TABLE \"Odd Schema\".\"Remote;Rows\"" + tail,
            "OPERATOR \"Odd Schema\".===(integer,integer)" + tail,
            "TEXT SEARCH CONFIGURATION \"Odd Schema\".plain" + tail),
        model.warnings());
  }
}
