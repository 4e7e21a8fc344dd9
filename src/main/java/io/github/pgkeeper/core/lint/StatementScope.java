package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which files' statements db:validate checks, so that a project adopting it can gate only new
 * migrations: those after a version, those its branch adds or changes, or both. Naming and
 * duplicate rules always cover every file.
 *
 * @param since statement rules apply only to files with a later version; null for no limit
 * @param changedFrom a git branch, tag or commit: statement rules apply only to the files changed
 *     since its merge base with HEAD, committed or not, plus untracked ones; null for no limit
 */
public record StatementScope(Version since, String changedFrom) {
  public static final StatementScope ALL = new StatementScope(null, null);

  public StatementScope {
    if (changedFrom != null && changedFrom.isBlank()) {
      changedFrom = null;
    }
  }

  /**
   * Parses the settings as a user gives them; empty values mean no limit.
   *
   * @throws PgKeeperException naming the since setting when it is not a version
   */
  public static StatementScope of(String since, String changedFrom) {
    Version version = null;
    if (since != null && !since.isBlank()) {
      try {
        version = Version.parse(since.trim());
      } catch (IllegalArgumentException e) {
        throw new PgKeeperException(
            "since '"
                + since
                + "' is not a version such as 042 or 20240101120000: give the version of the"
                + " newest file that is already applied everywhere.",
            Setting.VALIDATE_SINCE);
      }
    }
    return new StatementScope(version, changedFrom == null ? null : changedFrom.trim());
  }

  public boolean coversEverything() {
    return since == null && changedFrom == null;
  }

  /**
   * The files in scope. Asks git once for the changed files when {@code changedFrom} is set.
   *
   * @param baseDirectory a folder inside the git repository
   * @throws PgKeeperException naming the changedFrom setting when git fails
   */
  Predicate<MigrationFile> resolve(Path baseDirectory) {
    Predicate<MigrationFile> scope = file -> true;
    if (since != null) {
      Version after = since;
      scope = scope.and(file -> file.version().compareTo(after) > 0);
    }
    if (changedFrom != null) {
      Set<Path> changed = GitChanges.changedFrom(baseDirectory, changedFrom);
      scope = scope.and(file -> changed.contains(GitChanges.realPath(file.path())));
    }
    return scope;
  }

  /** Logs which files are in scope: how many, and at debug level which. */
  void log(List<MigrationFile> files, Predicate<MigrationFile> scope, Logger log) {
    List<String> inScope = new ArrayList<>();
    for (MigrationFile file : files) {
      if (scope.test(file)) {
        inScope.add(file.displayPath());
      }
    }
    log.info(
        "Statement rules check "
            + inScope.size()
            + " of "
            + files.size()
            + " files ("
            + describe()
            + "); naming rules check all of them.");
    for (String path : inScope) {
      log.debug("In scope: " + path);
    }
  }

  /** {@code after version 042, changed from main}. */
  String describe() {
    List<String> parts = new ArrayList<>();
    if (since != null) {
      parts.add("after version " + since);
    }
    if (changedFrom != null) {
      parts.add("added or changed from " + changedFrom);
    }
    return parts.isEmpty() ? "all files" : String.join(", ", parts);
  }
}
