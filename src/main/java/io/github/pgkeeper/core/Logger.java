package io.github.pgkeeper.core;

/**
 * Where the engine reports progress. The engine never prints; an adapter decides where the lines go
 * (Maven's log, a test's list).
 */
public interface Logger {
  void debug(String message);

  /**
   * Whether debug lines are shown: a caller that would format thousands of them (one per small
   * table) asks first, since building the text costs more than the work it describes.
   */
  default boolean debugEnabled() {
    return true;
  }

  void info(String message);

  void warn(String message);

  /** A problem that fails the run; loggers without an error level show it as a warning. */
  default void error(String message) {
    warn(message);
  }

  /**
   * This logger with its progress lines (info) moved to debug: for an engine run inside another
   * goal (a shadow database's migrations, its server's start), which reports its own result.
   */
  default Logger progressToDebug() {
    Logger log = this;
    return new Logger() {
      @Override
      public void debug(String message) {
        log.debug(message);
      }

      @Override
      public boolean debugEnabled() {
        return log.debugEnabled();
      }

      @Override
      public void info(String message) {
        log.debug(message);
      }

      @Override
      public void warn(String message) {
        log.warn(message);
      }
    };
  }

  /** A logger that drops everything, for callers that only want the results. */
  Logger NONE =
      new Logger() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
      };
}
