package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.migration.MigrationConfig;
import io.github.pgkeeper.testing.RecordingLogger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's own sample migrations are meant to be realistic and idempotent: validate finds
 * nothing in them but the archived file it leaves out, and every suppression says why.
 */
class SampleMigrationsTest {

  @Test
  void theSampleSetIsClean() {
    Path sample = Path.of("migrations").toAbsolutePath();
    MigrationConfig config = MigrationConfig.of(null, List.of(sample), sample.getParent());

    LintReport report =
        new Validator(LintConfig.defaults(), config, false, null).run(new RecordingLogger());

    assertEquals(
        List.of("migrations/archive/000_legacy_bootstrap.sql:[1,1] ignored-file"),
        report.findings().stream()
            .map(f -> f.file() + ":[" + f.line() + "," + f.column() + "] " + f.rule().id())
            .toList(),
        Lint.describe(report));
    assertTrue(report.filesChecked() >= 12);
  }
}
