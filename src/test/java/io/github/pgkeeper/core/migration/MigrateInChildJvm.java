package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Child-JVM entry point: one migrate run, as a separate process would do it. Arguments: JDBC URL,
 * user, password, migrations folder. Prints "STARTED", then "APPLIED n" or "FAILED message".
 */
public final class MigrateInChildJvm {
  public static void main(String[] args) {
    ConnectionConfig connection = new ConnectionConfig(args[0], args[1], args[2]);
    Path folder = Path.of(args[3]);
    MigrationConfig config =
        MigrationConfig.of(connection, List.of(folder), folder)
            .withTimeouts(new Timeouts(Duration.ofMinutes(2), "10s", "0"));
    System.out.println("STARTED");
    System.out.flush();
    try {
      MigrateResult result = new Migrator(config, Logger.NONE).migrate();
      System.out.println("APPLIED " + result.applied().size());
      System.exit(0);
    } catch (RuntimeException e) {
      System.out.println("FAILED " + e.getMessage().replace('\n', ' '));
      System.exit(1);
    }
  }
}
