package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The embedded server's data directory: emptied before every start, as initdb needs. */
final class DataDirectory {
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private DataDirectory() {}

  /**
   * Removes what an earlier run left. If a server from a JVM that died is still running there (its
   * watchdog could not stop it), that server is stopped first.
   */
  static void prepare(Path dataDirectory, Logger log) throws IOException {
    stopLeftoverServer(dataDirectory, log);
    if (Files.exists(dataDirectory)) {
      try (Stream<Path> files = Files.walk(dataDirectory)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    Files.createDirectories(dataDirectory.getParent());
    Files.deleteIfExists(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log"));
  }

  /** The last {@code count} lines of a log file, indented, or a note that there is none. */
  static String tail(Path log, int count) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.subList(Math.max(0, lines.size() - count), lines.size()).stream()
          .map(line -> "  " + line)
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "  (no log: " + e.getMessage() + ")";
    }
  }

  private static void stopLeftoverServer(Path dataDirectory, Logger log) {
    Optional<ProcessHandle> leftover;
    try {
      leftover = ProcessHandle.of(ParentWatchdog.postmasterPid(dataDirectory));
    } catch (IOException | RuntimeException noPidFile) {
      return;
    }
    leftover
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .ifPresent(
            process -> {
              log.warn(
                  "Stopping a PostgreSQL left running in "
                      + dataDirectory
                      + " by an earlier build (pid "
                      + process.pid()
                      + ")");
              process.destroy();
              try {
                process
                    .onExit()
                    .get(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                process.destroyForcibly();
              }
            });
  }
}
