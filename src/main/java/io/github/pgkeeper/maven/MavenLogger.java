package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.Logger;
import org.apache.maven.plugin.logging.Log;

/** Sends the engine's progress lines to Maven's log. */
record MavenLogger(Log log) implements Logger {
  @Override
  public void debug(String message) {
    log.debug(message);
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void error(String message) {
    log.error(message);
  }
}
