package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Bad SQL never crashes validate: every prefix of every sample migration (cut mid-word, mid-string,
 * mid-dollar-quote), and statements that end early, are linted without an exception.
 */
class RobustnessTest {
  private static final List<String> FRAGMENTS =
      List.of(
          "CREATE",
          "CREATE OR",
          "CREATE OR REPLACE",
          "CREATE INDEX",
          "CREATE INDEX ON",
          "CREATE TABLE IF",
          "ALTER TABLE",
          "ALTER TABLE t ADD",
          "ALTER TABLE t ADD CONSTRAINT",
          "ALTER TABLE t DROP",
          "ALTER TYPE",
          "DROP",
          "DROP POLICY IF EXISTS",
          "DO",
          "DO $$ $$ x",
          "INSERT",
          "CREATE POLICY p ON",
          "CREATE TRIGGER t",
          "ALTER TABLE t ALTER",
          ";;;",
          "( ) ,",
          "ALTER TABLE ONLY",
          "CREATE POLICY IF NOT EXISTS",
          "DO LANGUAGE",
          "SET",
          "SELECT");

  @Test
  void everyPrefixOfTheSampleMigrationsLintsWithoutAnException() throws IOException {
    List<Path> samples;
    try (Stream<Path> files = Files.list(Path.of("migrations"))) {
      samples = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    for (Path sample : samples) {
      String sql = Files.readString(sample);
      for (int end = 0; end <= sql.length(); end += 3) {
        String prefix = sql.substring(0, end);
        assertDoesNotThrow(() -> Lint.sql(prefix), () -> sample + " cut at " + prefix.length());
      }
    }
  }

  @Test
  void statementsThatEndEarlyLintWithoutAnException() {
    for (String fragment : FRAGMENTS) {
      assertDoesNotThrow(() -> Lint.sql(fragment), fragment);
      assertDoesNotThrow(() -> Lint.sql(fragment + ";"), fragment);
      assertDoesNotThrow(() -> Lint.sql("DO $$ BEGIN " + fragment + "; END $$;"), fragment);
    }
  }
}
