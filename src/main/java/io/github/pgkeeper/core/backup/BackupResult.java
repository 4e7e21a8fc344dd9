package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.archive.ArchiveHeader;
import io.github.pgkeeper.core.archive.Manifest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished backup.
 *
 * @param file the archive, or null when it went to standard output
 * @param archiveBytes the archive's size
 */
public record BackupResult(
    Path file, ArchiveHeader header, Manifest manifest, long archiveBytes, Duration elapsed) {}
