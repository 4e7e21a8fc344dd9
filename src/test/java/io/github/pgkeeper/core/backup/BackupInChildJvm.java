package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.nio.file.Path;

/**
 * Child-JVM entry point: one backup, as a separate process. Arguments: JDBC URL, user, password,
 * archive file, jobs. Prints its log lines, then "DONE rows rawBytes maxHeapMB" or "FAILED
 * message".
 */
public final class BackupInChildJvm {
  public static void main(String[] args) {
    ConnectionConfig connection = new ConnectionConfig(args[0], args[1], args[2]);
    Path file = Path.of(args[3]);
    BackupConfig config =
        BackupConfig.of(connection, file.getParent())
            .withFile(file)
            .withJobs(Integer.parseInt(args[4]));
    Logger stdout =
        new Logger() {
          @Override
          public void debug(String message) {}

          @Override
          public void info(String message) {
            System.out.println(message);
            System.out.flush();
          }

          @Override
          public void warn(String message) {
            info("WARN " + message);
          }
        };
    try {
      BackupResult result = new Backup(config, stdout).run();
      System.out.println(
          "DONE "
              + result.manifest().rows()
              + " "
              + result.manifest().rawBytes()
              + " "
              + Runtime.getRuntime().maxMemory() / (1024 * 1024));
      System.exit(0);
    } catch (RuntimeException e) {
      System.out.println("FAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
      System.exit(1);
    }
  }
}
