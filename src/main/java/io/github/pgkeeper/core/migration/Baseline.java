package io.github.pgkeeper.core.migration;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adopts pgkeeper on a database whose schema already exists: records migration files as applied
 * without running them, so that migrate applies only the ones after them.
 *
 * <p>What counts as applied is either every file up to a version ({@link #toVersion}), or what
 * another tool recorded: Flyway's history table ({@link #fromFlyway}) or the Supabase CLI's {@code
 * supabase_migrations.schema_migrations} ({@link #fromSupabase}). Each recorded file gets one
 * successful history row with its description and checksum and an execution time of 0.
 *
 * <p>Baseline only writes to an empty history table, holding the migration lock, in one
 * transaction.
 */
public final class Baseline {
  /** Flyway's default history table, in the connection's current schema. */
  public static final String DEFAULT_FLYWAY_TABLE = "flyway_schema_history";

  /** Where the Supabase CLI records the migrations it applied. */
  public static final String SUPABASE_TABLE = "supabase_migrations.schema_migrations";

  /** Another tool whose record of applied migrations a baseline can take over. */
  public enum Source {
    FLYWAY,
    SUPABASE;

    /**
     * Accepts {@code flyway} or {@code supabase}, in any case.
     *
     * @throws PgKeeperException naming {@link Setting#BASELINE_FROM} for anything else
     */
    public static Source parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new PgKeeperException(
            "Baseline can take the applied migrations from flyway or supabase, not '"
                + text.trim()
                + "'.",
            Setting.BASELINE_FROM);
      }
    }
  }

  private final MigrationConfig config;
  private final Logger log;
  private final HistoryTable history;

  public Baseline(MigrationConfig config, Logger log) {
    this.config = config;
    this.log = log;
    this.history = HistoryTable.of(config);
  }

  /**
   * Baselines from whichever of {@code version} and {@code from} is given (blank means not given).
   *
   * @param flywayTable Flyway's history table for {@code from = flyway}: {@code name} in the
   *     connection's current schema, or {@code schema.name}; blank for {@link
   *     #DEFAULT_FLYWAY_TABLE}
   * @throws PgKeeperException when both or neither are given, or one does not parse
   */
  public BaselineResult run(String version, String from, String flywayTable) {
    boolean hasVersion = version != null && !version.isBlank();
    boolean hasFrom = from != null && !from.isBlank();
    if (hasVersion && hasFrom) {
      throw new PgKeeperException(
          "Baseline got both a version ("
              + version.trim()
              + ") and a tool to take the applied migrations from ("
              + from.trim()
              + "). Give one of them.",
          Setting.BASELINE_FROM);
    }
    if (hasFrom) {
      return switch (Source.parse(from)) {
        case FLYWAY -> fromFlyway(flywayTable);
        case SUPABASE -> fromSupabase();
      };
    }
    if (hasVersion) {
      return toVersion(parseVersion(version));
    }
    throw new PgKeeperException(
        "Baseline needs the version this database is at: every migration file up to and including"
            + " it is recorded as applied without running. Or let it take the applied migrations"
            + " from flyway or supabase.",
        Setting.BASELINE_VERSION);
  }

  /**
   * @throws PgKeeperException naming {@link Setting#BASELINE_VERSION} if {@code text} is not a
   *     version
   */
  public static Version parseVersion(String text) {
    try {
      return Version.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new PgKeeperException(
          "The baseline version '"
              + text.trim()
              + "' is not a version such as 005, 20240101120000 or 1.2.",
          Setting.BASELINE_VERSION);
    }
  }

  /**
   * Records every migration file with a version up to and including {@code version} as applied.
   *
   * @throws PgKeeperException if the history table has rows, or no file is that old
   */
  public BaselineResult toVersion(Version version) {
    return baseline(
        "up to version " + version,
        (connection, files) -> {
          List<MigrationFile> upTo =
              files.stream()
                  .filter(f -> config.order().compare(f.version(), version) <= 0)
                  .toList();
          if (upTo.isEmpty()) {
            MigrationFile oldest = files.get(0);
            throw new PgKeeperException(
                "No migration file has a version at or below "
                    + version
                    + "; the oldest is "
                    + oldest.version()
                    + " ("
                    + oldest.displayPath()
                    + "). Give the version of the newest migration this database already has.",
                Setting.BASELINE_VERSION);
          }
          List<String> warnings = new ArrayList<>();
          if (upTo.stream().noneMatch(f -> f.version().equals(version))) {
            warnings.add(
                "No migration file has version "
                    + version
                    + "; baselined the "
                    + upTo.size()
                    + " below it, up to "
                    + upTo.get(upTo.size() - 1).version()
                    + ".");
          }
          List<MigrationFile> newer = files.subList(upTo.size(), files.size());
          return new Plan(
              new BaselineResult(upTo, List.of(), List.of(), newer), Map.of(), warnings);
        });
  }

  /**
   * Records as applied each migration file whose version Flyway applied successfully. Failed rows
   * and repeatable migrations (no version) are left out; a version Flyway undid or marked deleted
   * later is not applied; Flyway's own baseline row counts as applying every file up to its
   * version.
   *
   * @param table {@code name} in the connection's current schema, or {@code schema.name}; blank for
   *     {@link #DEFAULT_FLYWAY_TABLE}
   */
  public BaselineResult fromFlyway(String table) {
    String text = table == null || table.isBlank() ? DEFAULT_FLYWAY_TABLE : table.trim();
    return baseline(
        "from Flyway's " + text,
        (connection, files) ->
            match(
                ToolHistory.flyway(connection, text, config.connection().maskedUrl(), log), files));
  }

  /** Records as applied each migration file whose version the Supabase CLI applied. */
  public BaselineResult fromSupabase() {
    return baseline(
        "from Supabase's " + SUPABASE_TABLE,
        (connection, files) -> match(ToolHistory.supabase(connection), files));
  }

  /** Matches the files with the versions another tool applied. */
  private Plan match(ToolHistory tool, List<MigrationFile> files) {
    String source = tool.source();
    Map<Version, String> applied = tool.applied();
    Version coveredUpTo = tool.coveredUpTo();
    Map<Version, String> expectFiles = tool.expectingFiles();
    List<String> warnings = new ArrayList<>(tool.warnings());
    List<MigrationFile> recorded = new ArrayList<>();
    Map<MigrationFile, String> notes = new LinkedHashMap<>();
    Set<Version> local = new HashSet<>();
    for (MigrationFile file : files) {
      local.add(file.version());
      if (applied.containsKey(file.version())) {
        recorded.add(file);
      } else if (coveredUpTo != null && file.version().compareTo(coveredUpTo) <= 0) {
        recorded.add(file);
        notes.put(file, " (covered by Flyway's baseline at " + coveredUpTo + ")");
      }
    }
    if (recorded.isEmpty()) {
      if (applied.isEmpty()) {
        throw new PgKeeperException(
            source + " records no applied migration, so there is nothing to baseline from it.",
            Setting.BASELINE_FROM);
      }
      throw new PgKeeperException(
          "None of the "
              + applied.size()
              + " version(s) applied in "
              + source
              + " ("
              + range(applied.keySet())
              + ") has a migration file in the locations (their files have "
              + range(local)
              + "). Point the locations at this database's migrations.",
          Setting.LOCATIONS);
    }
    Version newest = recorded.get(recorded.size() - 1).version();
    Set<Version> recordedVersions =
        recorded.stream().map(MigrationFile::version).collect(Collectors.toSet());
    List<Version> withoutFile =
        expectFiles.keySet().stream().filter(v -> !local.contains(v)).sorted().toList();
    if (!withoutFile.isEmpty()) {
      warnings.add(
          "These versions are applied in "
              + source
              + " but have no migration file in the locations, so pgkeeper does not record"
              + " them:\n"
              + withoutFile.stream()
                  .map(v -> "  " + v + " " + expectFiles.get(v))
                  .collect(Collectors.joining("\n")));
    }
    List<MigrationFile> outOfOrder = new ArrayList<>();
    List<MigrationFile> pending = new ArrayList<>();
    for (MigrationFile file : files) {
      if (!recordedVersions.contains(file.version())) {
        (config.order().compare(file.version(), newest) < 0 ? outOfOrder : pending).add(file);
      }
    }
    if (!outOfOrder.isEmpty()) {
      warnings.add(
          "These migration files are older than the newest baselined version "
              + newest
              + " but were not applied in "
              + source
              + ", so they are out of order: migrate refuses to run them unless out-of-order"
              + " migrations are allowed. Check whether this database needs them:\n"
              + outOfOrder.stream()
                  .map(f -> "  " + f.version() + " " + f.displayPath())
                  .collect(Collectors.joining("\n")));
    }
    return new Plan(
        new BaselineResult(recorded, withoutFile, outOfOrder, pending), notes, warnings);
  }

  private static String range(Set<Version> versions) {
    if (versions.isEmpty()) {
      return "none";
    }
    List<Version> sorted = versions.stream().sorted().toList();
    Version first = sorted.get(0);
    Version last = sorted.get(sorted.size() - 1);
    return first.equals(last) ? "version " + first : "versions " + first + " to " + last;
  }

  /** What to record, and what to say about it. */
  private record Plan(
      BaselineResult result, Map<MigrationFile, String> notes, List<String> warnings) {}

  @FunctionalInterface
  private interface Planner {
    /** Decides what to record, reading the database if needed; throws to record nothing. */
    Plan plan(Connection connection, List<MigrationFile> files) throws SQLException;
  }

  private BaselineResult baseline(String how, Planner planner) {
    List<MigrationFile> files = config.scan(log).requireUniqueVersions();
    if (files.isEmpty()) {
      throw new PgKeeperException(
          "The locations hold no migration files, so there is nothing to baseline: "
              + config.locations(),
          Setting.LOCATIONS);
    }
    try (MigrationLock lock =
            MigrationLock.acquire(config.connection(), history, config.timeouts().lockWait(), log);
        Connection connection = Connections.open(config.connection())) {
      UnfinishedRestore.refuse(connection, history);
      connection.setAutoCommit(false);
      refuseExistingHistory(connection);
      Plan plan = planner.plan(connection, files);
      if (!history.exists(connection)) {
        log.info("Creating history table " + history.displayName());
        history.create(connection);
      }
      for (MigrationFile file : plan.result().recorded()) {
        history.insert(connection, file, 0, true);
      }
      connection.commit();
      for (MigrationFile file : plan.result().recorded()) {
        log.info(
            "Baselined "
                + file.version()
                + (file.description().isEmpty() ? "" : " - " + file.description())
                + " ("
                + file.displayPath()
                + ")"
                + plan.notes().getOrDefault(file, ""));
      }
      plan.warnings().forEach(log::warn);
      BaselineResult result = plan.result();
      int pending = result.pending().size();
      int outOfOrder = result.outOfOrder().size();
      log.info(
          "Baselined "
              + result.recorded().size()
              + " migration(s) "
              + how
              + " into "
              + history.displayName()
              + ", without running them. Current version: "
              + result.currentVersion().orElseThrow()
              + ". "
              + (pending == 0 && outOfOrder == 0 ? "Nothing is pending." : "")
              + (pending == 0 ? "" : pending + " newer migration(s) pending; migrate applies them.")
              + (outOfOrder == 0
                  ? ""
                  : (pending == 0 ? "" : " ") + outOfOrder + " out of order (listed above)."));
      return result;
    } catch (SQLException e) {
      throw MigrationErrors.database("baselining " + history.displayName(), config, e);
    }
  }

  /** Baseline adopts a database; one whose history has rows is already managed by pgkeeper. */
  private void refuseExistingHistory(Connection connection) throws SQLException {
    List<AppliedMigration> rows = history.read(connection);
    if (rows.isEmpty()) {
      return;
    }
    Version newest =
        rows.stream().map(AppliedMigration::version).max(config.order()::compare).orElseThrow();
    throw new PgKeeperException(
        "The history table "
            + history.displayName()
            + " already has "
            + rows.size()
            + " row(s), up to version "
            + newest
            + ". Baseline is for adopting pgkeeper on an existing database and only writes to an"
            + " empty history; this one is already managed. See status for its state, and use"
            + " repair for failed entries or changed files.",
        Setting.HISTORY_TABLE);
  }
}
