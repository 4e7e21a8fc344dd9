package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The files a branch adds or changes against its target branch, as a pull request shows them: what
 * changed between the merge base of the target and the working tree (commits on the branch, staged
 * and unstaged edits), plus untracked files that are not ignored. Asks the {@code git} command, so
 * it sees the repository exactly as the user's git does.
 */
final class GitChanges {
  private static final long TIMEOUT_SECONDS = 120;

  private GitChanges() {}

  /**
   * @param directory a folder inside the repository (the project's base directory)
   * @param ref the target branch, tag or commit, such as {@code main} or {@code origin/main}
   * @return the absolute, normalised paths of the changed files
   * @throws PgKeeperException naming the changedFrom setting when git fails
   */
  static Set<Path> changedFrom(Path directory, String ref) {
    if (ref.startsWith("-")) {
      throw failure(ref, "it is not a branch, tag or commit name");
    }
    Path top = realPath(Path.of(git(directory, ref, "rev-parse", "--show-toplevel").trim()));
    String mergeBase = git(top, ref, "merge-base", ref, "HEAD").trim();
    Set<Path> changed = new HashSet<>();
    // Against the working tree, not HEAD: uncommitted edits are part of the change too.
    for (String name :
        split(git(top, ref, "diff", "--name-only", "--no-ext-diff", "-z", mergeBase, "--"))) {
      changed.add(top.resolve(name).normalize());
    }
    for (String name : split(git(top, ref, "ls-files", "--others", "--exclude-standard", "-z"))) {
      changed.add(top.resolve(name).normalize());
    }
    return changed;
  }

  /** The path with symbolic links resolved, as git reports them, so the two sides compare. */
  static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private static List<String> split(String nulSeparated) {
    List<String> names = new ArrayList<>();
    for (String name : nulSeparated.split("\0")) {
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /** Runs {@code git <args>} in {@code directory} and returns its standard output. */
  private static String git(Path directory, String ref, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=off"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(directory.toFile()).start();
      process.getOutputStream().close(); // git must not wait for input
    } catch (IOException e) {
      throw failure(
          ref, "cannot run git (" + e.getMessage() + "); install git or leave changedFrom empty");
    }
    // Read both streams at once, so a chatty stderr cannot block git while stdout is read.
    CompletableFuture<String> errors =
        CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String output = read(process.getInputStream());
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw failure(ref, "git " + String.join(" ", args) + " did not finish in time");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw failure(ref, "interrupted while git ran");
    }
    if (process.exitValue() != 0) {
      throw failure(
          ref,
          "git "
              + String.join(" ", args)
              + " failed in "
              + directory
              + ": "
              + errors.join().trim());
    }
    return output;
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static PgKeeperException failure(String ref, String detail) {
    return new PgKeeperException(
        "Cannot list the files changed from '"
            + ref
            + "': "
            + detail
            + ". changedFrom needs a git repository and a branch, tag or commit it knows (in CI,"
            + " fetch the target branch first, such as git fetch origin main, and use origin/main).",
        Setting.VALIDATE_CHANGED_FROM);
  }
}
