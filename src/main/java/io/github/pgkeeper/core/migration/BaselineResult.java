package io.github.pgkeeper.core.migration;

import java.util.List;
import java.util.Optional;

/**
 * What a baseline recorded.
 *
 * @param recorded the migrations now recorded as applied without having run, in version order
 * @param withoutFile versions the other tool's history lists as applied that have no file here
 * @param outOfOrder files older than the newest recorded version that the other tool did not apply:
 *     they now show as out of order
 * @param pending files newer than the newest recorded version, which migrate applies next
 */
public record BaselineResult(
    List<MigrationFile> recorded,
    List<Version> withoutFile,
    List<MigrationFile> outOfOrder,
    List<MigrationFile> pending) {

  public BaselineResult {
    recorded = List.copyOf(recorded);
    withoutFile = List.copyOf(withoutFile);
    outOfOrder = List.copyOf(outOfOrder);
    pending = List.copyOf(pending);
  }

  /** The newest recorded version. */
  public Optional<Version> currentVersion() {
    return recorded.stream().map(MigrationFile::version).max(Version::compareTo);
  }
}
