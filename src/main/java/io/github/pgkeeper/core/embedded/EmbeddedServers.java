package io.github.pgkeeper.core.embedded;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The embedded servers running in this JVM, by data directory, so that a later step of the same
 * build (db:stop) finds the server an earlier one (db:start) started.
 */
public final class EmbeddedServers {
  private static final ConcurrentMap<Path, EmbeddedServer> RUNNING = new ConcurrentHashMap<>();

  private EmbeddedServers() {}

  public static void register(EmbeddedServer server) {
    RUNNING.put(key(server.config().dataDirectory()), server);
  }

  public static Optional<EmbeddedServer> find(Path dataDirectory) {
    return Optional.ofNullable(RUNNING.get(key(dataDirectory)));
  }

  /**
   * The server this build started whose database {@code jdbcUrl} is, as db:start published it: how
   * later goals know that they work on a fresh, throwaway database, and of which flavour.
   */
  public static Optional<EmbeddedServer> startedAt(String jdbcUrl) {
    return RUNNING.values().stream().filter(s -> s.jdbcUrl().equals(jdbcUrl)).findFirst();
  }

  /** Stops and forgets the server using {@code dataDirectory}; false if none was running. */
  public static boolean stop(Path dataDirectory) {
    EmbeddedServer server = RUNNING.remove(key(dataDirectory));
    if (server == null) {
      return false;
    }
    server.close();
    return true;
  }

  private static Path key(Path dataDirectory) {
    return dataDirectory.toAbsolutePath().normalize();
  }
}
