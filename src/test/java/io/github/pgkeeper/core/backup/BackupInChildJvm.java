package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child-JVM entry point: one backup, as a separate process. Arguments: JDBC URL, user, archive
 * file, jobs and, optionally, the raw bytes per data part; the password, if any, in the environment
 * variable {@value #PASSWORD}. Prints its log lines, then "DONE rows rawBytes maxHeapMB" or "FAILED
 * message". With the file {@code -} the archive goes to standard output, as db:backup writes it,
 * and those lines to standard error.
 */
public final class BackupInChildJvm {
  static final String PASSWORD = "PGKEEPER_TEST_PASSWORD";

  public static void main(String[] args) {
    ConnectionConfig connection = new ConnectionConfig(args[0], args[1], System.getenv(PASSWORD));
    boolean toStandardOutput = "-".equals(args[2]);
    Path file = Path.of(args[2]).toAbsolutePath();
    BackupConfig config =
        BackupConfig.of(connection, file.getParent()).withJobs(Integer.parseInt(args[3]));
    if (args.length > 4) {
      config = config.withPartBytes(Integer.parseInt(args[4]));
    }
    config = toStandardOutput ? config.withStandardOutput() : config.withFile(file);
    PrintStream out = toStandardOutput ? System.err : System.out;
    Logger lines =
        new Logger() {
          @Override
          public void debug(String message) {}

          @Override
          public void info(String message) {
            out.println(message);
            out.flush();
          }

          @Override
          public void warn(String message) {
            info("WARN " + message);
          }
        };
    try {
      BackupResult result = new Backup(config, lines).run();
      out.println(
          "DONE "
              + result.manifest().rows()
              + " "
              + result.manifest().rawBytes()
              + " "
              + Runtime.getRuntime().maxMemory() / (1024 * 1024));
      System.exit(0);
    } catch (RuntimeException e) {
      out.println("FAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
      System.exit(1);
    }
  }
}
