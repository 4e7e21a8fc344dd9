package io.github.pgkeeper.maven;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import org.apache.maven.plugin.logging.Log;

/**
 * Sends the engine's progress lines to Maven's log, masked: a line may quote a driver message and
 * with it a URL.
 */
record MavenLogger(Log log) implements Logger {
  @Override
  public void debug(String message) {
    if (log.isDebugEnabled()) {
      log.debug(ConnectionConfig.mask(message));
    }
  }

  @Override
  public boolean debugEnabled() {
    return log.isDebugEnabled();
  }

  @Override
  public void info(String message) {
    log.info(ConnectionConfig.mask(message));
  }

  @Override
  public void warn(String message) {
    log.warn(ConnectionConfig.mask(message));
  }

  @Override
  public void error(String message) {
    log.error(ConnectionConfig.mask(message));
  }
}
