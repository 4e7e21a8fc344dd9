package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.archive.ArchiveVerifier;
import io.github.pgkeeper.core.archive.VerifyReport;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks a backup archive offline: every entry's checksum, every data part's size and row count,
 * and that the manifest is complete. Prints what the archive holds; fails the build, naming the
 * damaged entries, on any corruption or truncation. Needs no database.
 */
@Mojo(name = "verify-backup", threadSafe = true, requiresProject = false)
public class VerifyBackupMojo extends AbstractDbMojo {
  /** The archive to check. */
  @Parameter(property = "db.file", required = true)
  File file;

  /** Skips db:verify-backup only. */
  @Parameter(property = "db.verify-backup.skip", defaultValue = "false")
  boolean skipVerify;

  @Override
  boolean skipGoal() {
    return skipVerify;
  }

  @Override
  void run() {
    VerifyReport report = ArchiveVerifier.verify(file.toPath());
    report.lines().forEach(getLog()::info);
  }
}
