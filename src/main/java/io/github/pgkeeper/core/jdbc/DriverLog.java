package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.Logger;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Where the PostgreSQL driver's own log lines go. pgjdbc logs through java.util.logging, whose
 * console handler prints straight to standard error, unmasked: in a Maven build, warnings such as
 * "JDBC URL invalid port number: ..." showed whatever part of a URL they quote. The driver's
 * records are routed through {@link ConnectionConfig#mask} to the engine's {@link Logger} instead,
 * which for a Maven goal is the build log.
 */
public final class DriverLog {
  /** The parent of every logger pgjdbc uses; held here, as java.util.logging keeps it weakly. */
  private static final java.util.logging.Logger DRIVER =
      java.util.logging.Logger.getLogger("org.postgresql");

  private static final Formatter TEXT = new SimpleFormatter();
  private static final String PREFIX = "PostgreSQL driver: ";
  private static final String MASK = "****";

  /** Until an adapter routes them elsewhere, the lines go where java.util.logging put them. */
  private static final Logger STANDARD_ERROR =
      new Logger() {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {
          System.err.println("INFO: " + message);
        }

        @Override
        public void warn(String message) {
          System.err.println("WARNING: " + message);
        }
      };

  private static volatile Logger target = STANDARD_ERROR;

  static {
    DRIVER.setUseParentHandlers(false);
    DRIVER.addHandler(new MaskingHandler());
  }

  private DriverLog() {}

  /**
   * Sends the driver's log lines to {@code log} from now on.
   *
   * @return where they went until now, to route them back when the caller is done
   */
  public static Logger routeTo(Logger log) {
    Logger previous = target;
    target = log == null ? STANDARD_ERROR : log;
    return previous;
  }

  /** Makes sure the routing is in place before the driver is first used; loading does it. */
  static void install() {}

  /**
   * The line a record becomes: its message and exception, masked. The values pgjdbc fills into its
   * messages are parts of the URL and the connection properties (a port it cannot read, a host
   * list), so each is masked as a URL or, when it is none, left out.
   */
  static String line(LogRecord record) {
    LogRecord masked = new LogRecord(record.getLevel(), record.getMessage());
    masked.setResourceBundle(record.getResourceBundle());
    Object[] parameters = record.getParameters();
    if (parameters != null) {
      Object[] shown = new Object[parameters.length];
      for (int i = 0; i < parameters.length; i++) {
        String value = String.valueOf(parameters[i]);
        shown[i] = value.contains("://") ? ConnectionConfig.mask(value) : MASK;
      }
      masked.setParameters(shown);
    }
    Throwable thrown = record.getThrown();
    return PREFIX
        + ConnectionConfig.mask(
            TEXT.formatMessage(masked) + (thrown == null ? "" : " (" + thrown + ")"));
  }

  private static final class MaskingHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      if (record == null || !isLoggable(record)) {
        return;
      }
      String line = line(record);
      Logger log = target;
      int level = record.getLevel().intValue();
      if (level >= Level.SEVERE.intValue()) {
        log.error(line);
      } else if (level >= Level.WARNING.intValue()) {
        log.warn(line);
      } else if (level >= Level.INFO.intValue()) {
        log.info(line);
      } else {
        log.debug(line);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
