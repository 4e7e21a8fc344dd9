package io.github.pgkeeper.core.restore;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.nio.file.Path;

/** Runs a restore with clean in its own JVM, printing every log line, so a test can kill it. */
public final class RestoreInChildJvm {
  private RestoreInChildJvm() {}

  /** Arguments: url, user, password, archive, and optionally {@code createRoles}. */
  public static void main(String[] args) {
    Logger stdout =
        new Logger() {
          @Override
          public void debug(String message) {
            System.out.println("DEBUG " + message);
          }

          @Override
          public void info(String message) {
            System.out.println("INFO " + message);
          }

          @Override
          public void warn(String message) {
            System.out.println("WARN " + message);
          }
        };
    RestoreConfig config =
        RestoreConfig.of(new ConnectionConfig(args[0], args[1], args[2]), Path.of(args[3]))
            .withClean(true)
            .withCreateRoles(args.length > 4 && args[4].equals("createRoles"));
    new Restore(config, stdout).run();
    System.out.println("DONE");
  }
}
