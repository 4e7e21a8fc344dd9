package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import java.nio.file.Path;
import java.util.Map;

/** Child-JVM entry point: starts an embedded server, reports it, and waits to be killed. */
public final class StartServerAndWait {
  public static void main(String[] args) throws Exception {
    Path dataDirectory = Path.of(args[0]);
    EmbeddedServer server =
        EmbeddedServer.start(
            new EmbeddedConfig(dataDirectory, 0, "postgres", null, Map.of()), Logger.NONE);
    System.out.println(
        "READY "
            + ParentWatchdog.postmasterPid(dataDirectory)
            + " "
            + server.port()
            + " "
            + server.socketDirectory().orElseThrow());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
