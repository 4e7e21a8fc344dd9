package io.github.pgkeeper.testing;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.embedded.Flavor;
import io.github.pgkeeper.core.embedded.SupabaseFlavor;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Supabase-flavoured embedded server per test JVM, started on first use, and a fresh database
 * per test, prepared with the flavour's objects, so tests never see each other's tables.
 */
public final class SupabaseTestDatabases {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedServer server;

  private SupabaseTestDatabases() {}

  public static synchronized EmbeddedServer server() {
    if (server == null) {
      Path dataDirectory =
          Path.of("target", "test-postgres", "supabase-" + UUID.randomUUID()).toAbsolutePath();
      server =
          EmbeddedServer.start(
              new EmbeddedConfig(dataDirectory, 0, "app", null, Map.of(), Flavor.SUPABASE),
              Logger.NONE);
    }
    return server;
  }

  /** A new database on the shared server, holding what the Supabase flavour prepares. */
  public static ConnectionConfig freshDatabase() {
    String name = "supabase_" + COUNTER.incrementAndGet();
    ConnectionConfig admin = server().connection();
    Sql.execute(admin, "CREATE DATABASE " + name);
    ConnectionConfig database =
        new ConnectionConfig(
            admin.url().replaceAll("/[^/]*$", "/" + name), admin.user(), admin.password());
    SupabaseFlavor.prepareDatabase(database);
    return database;
  }
}
