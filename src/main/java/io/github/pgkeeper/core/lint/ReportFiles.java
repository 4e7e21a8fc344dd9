package io.github.pgkeeper.core.lint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small file helpers shared by the report writers. */
final class ReportFiles {
  private ReportFiles() {}

  static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
