package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.embedded.EmbeddedConfig;
import io.github.pgkeeper.core.embedded.EmbeddedServer;
import io.github.pgkeeper.core.embedded.EmbeddedServers;
import io.github.pgkeeper.core.embedded.Flavor;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * Starts an embedded PostgreSQL (binaries from Maven Central, nothing to install) and publishes
 * {@code db.url}, {@code db.user} and {@code db.password} as project properties, so the later goals
 * and plugins of the build (migrate, failsafe's system properties) use it without configuration.
 * The server stops with db:stop, or when Maven exits, whatever happens in between.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class StartMojo extends AbstractDbMojo {
  /** The port to listen on; 0 picks a free one. */
  @Parameter(property = "db.embedded.port", defaultValue = "0")
  int port;

  /** Where the cluster's files go. Wiped when the server starts. */
  @Parameter(
      property = "db.embedded.dataDirectory",
      defaultValue = "${project.build.directory}/pgkeeper/postgres")
  File dataDirectory;

  /** The database to create and publish; {@code postgres} always exists. */
  @Parameter(property = "db.embedded.database", defaultValue = "postgres")
  String database;

  /**
   * The password of the {@code postgres} user. By default a random one, new for each start: the
   * server requires it in any case (SCRAM), and db:start publishes it as {@code db.password}.
   */
  @Parameter(property = "db.embedded.password")
  PlexusConfiguration password;

  /**
   * Extra postgresql.conf settings as {@code name=value}, such as {@code
   * <serverSettings><setting>work_mem=64MB</setting></serverSettings>}; comma-separated on the CLI.
   */
  @Parameter(property = "db.embedded.serverSettings")
  List<String> serverSettings = List.of();

  /**
   * What the database holds besides an empty schema: {@code plain}, or {@code supabase} for the
   * roles, schemas ({@code auth}, {@code storage}, {@code extensions}, ...), functions ({@code
   * auth.uid()}, ...) and stand-in extensions ({@code pg_cron}, {@code pg_net}, ...) that Supabase
   * projects' migrations expect. See docs/supabase.md.
   */
  @Parameter(property = "db.embedded.flavor", defaultValue = "plain")
  String flavor;

  /** Skips db:start only. */
  @Parameter(property = "db.start.skip", defaultValue = "false")
  boolean skipStart;

  @Override
  boolean skipGoal() {
    return skipStart;
  }

  @Override
  void run() {
    if (EmbeddedServers.find(dataDirectory.toPath()).isPresent()) {
      getLog().info("The embedded PostgreSQL in " + dataDirectory + " is already running.");
    } else {
      EmbeddedConfig config =
          new EmbeddedConfig(
              dataDirectory.toPath(),
              port,
              database,
              blankToNull(secret(password, Setting.EMBEDDED_PASSWORD)),
              EmbeddedConfig.parseSettings(serverSettings),
              Flavor.parse(flavor));
      EmbeddedServers.register(EmbeddedServer.start(config, logger()));
    }
    EmbeddedServer server = EmbeddedServers.find(dataDirectory.toPath()).orElseThrow();
    server.connectionProperties().forEach(this::publish);
    getLog().info("Published db.url=" + server.jdbcUrl() + ", db.user=" + EmbeddedConfig.USER);
  }

  private static String blankToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
