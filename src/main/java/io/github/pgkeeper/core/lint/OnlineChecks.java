package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.drift.DriftHints;
import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.MigrationStatus;
import io.github.pgkeeper.core.migration.Migrator;
import io.github.pgkeeper.core.migration.StatusReport;
import io.github.pgkeeper.core.migration.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks that need the target database, read from its history table through the migration
 * engine's own status: applied migrations whose file changed or disappeared, and pending ones older
 * than the newest applied version; and the drift a catalog query sees cheaply ({@link DriftHints}).
 */
public final class OnlineChecks {
  private OnlineChecks() {}

  public static List<Finding> run(MigrationConfig config, List<MigrationFile> files, Logger log) {
    StatusReport status = new Migrator(config, log).status(files);
    String newest = status.currentVersion().map(Version::toString).orElse("none");
    List<Finding> findings = new ArrayList<>();
    for (MigrationStatus migration : status.migrations()) {
      switch (migration.state()) {
        case CHECKSUM_CHANGED ->
            findings.add(
                finding(
                    migration.file().displayPath(),
                    Rule.CHECKSUM_CHANGED,
                    "Migration "
                        + migration.version()
                        + " was applied at "
                        + migration.installedAt()
                        + ", and its file changed since (checksum "
                        + shortHash(migration.applied().checksum())
                        + " applied, "
                        + shortHash(migration.file().checksum())
                        + " now)."));
        case MISSING_FILE ->
            findings.add(
                finding(
                    missingPath(config, migration.applied().script()),
                    Rule.MISSING_FILE,
                    "Migration "
                        + migration.version()
                        + " ("
                        + migration.applied().script()
                        + ") is applied, but no file has its version any more."));
        case OUT_OF_ORDER ->
            findings.add(
                finding(
                    migration.file().displayPath(),
                    Rule.OUT_OF_ORDER,
                    "Pending migration "
                        + migration.version()
                        + " is older than the newest applied version "
                        + newest
                        + ", so migrate refuses it unless outOfOrder is on."));
        default -> {}
      }
    }
    List<String> drift = DriftHints.find(config, files, log);
    if (!drift.isEmpty()) {
      findings.add(finding(missingPath(config, ""), Rule.SCHEMA_DRIFT, DriftHints.describe(drift)));
    }
    return findings;
  }

  private static Finding finding(String file, Rule rule, String message) {
    return new Finding(file, 1, 1, rule, rule.defaultSeverity(), message, rule.fix());
  }

  /** Where the missing file would be: in the first location, as the history names it. */
  private static String missingPath(MigrationConfig config, String script) {
    if (config.locations().isEmpty()) {
      return script;
    }
    Path base = config.baseDirectory().toAbsolutePath().normalize();
    Path file = config.locations().get(0).toAbsolutePath().normalize().resolve(script);
    return file.startsWith(base)
        ? base.relativize(file).toString().replace('\\', '/')
        : file.toString();
  }

  private static String shortHash(String checksum) {
    return checksum == null || checksum.length() < 12
        ? String.valueOf(checksum)
        : checksum.substring(0, 12);
  }
}
