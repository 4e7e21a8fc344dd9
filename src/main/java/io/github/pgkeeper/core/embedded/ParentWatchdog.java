package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny shell process that stops the embedded server if the JVM dies without running its shutdown
 * hooks ({@code kill -9}, an out-of-memory kill). PostgreSQL detaches from the JVM when it starts,
 * so nothing else would stop it. The watchdog polls once a second whether the JVM is still there
 * and, when it is gone, sends the postmaster SIGQUIT (immediate shutdown), waits for it to exit and
 * removes the server's private socket directory. On a normal stop the watchdog is ended first.
 *
 * <p>Needs a POSIX shell; where there is none (Windows) the shutdown hook is the only guard.
 */
final class ParentWatchdog {
  private static final String SCRIPT =
      "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done;"
          + " if ! kill -0 \"$1\" 2>/dev/null; then kill -QUIT \"$2\" 2>/dev/null;"
          + " while kill -0 \"$2\" 2>/dev/null; do sleep 1; done;"
          + " if [ -n \"$3\" ]; then rm -rf \"$3\"; fi; fi";

  private final Process process;

  private ParentWatchdog(Process process) {
    this.process = process;
  }

  /**
   * @param socketDirectory the server's private socket directory, removed after a kill; or null
   */
  static ParentWatchdog start(Path dataDirectory, Path socketDirectory, Logger log) {
    if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
      return new ParentWatchdog(null);
    }
    try {
      long postmaster = postmasterPid(dataDirectory);
      long jvm = ProcessHandle.current().pid();
      Process process =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  SCRIPT,
                  "pgkeeper-watchdog",
                  Long.toString(jvm),
                  Long.toString(postmaster),
                  socketDirectory == null ? "" : socketDirectory.toString())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new ParentWatchdog(process);
    } catch (IOException | RuntimeException e) {
      log.debug("No watchdog for the embedded server (" + e.getMessage() + ")");
      return new ParentWatchdog(null);
    }
  }

  /** The postmaster's process id: the first line of {@code postmaster.pid}. */
  static long postmasterPid(Path dataDirectory) throws IOException {
    String content =
        Files.readString(dataDirectory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
    return Long.parseLong(content.lines().findFirst().orElseThrow().trim());
  }

  void stop() {
    if (process != null) {
      process.destroy();
    }
  }
}
