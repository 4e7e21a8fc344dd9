package io.github.pgkeeper.core;

import java.util.Optional;

/**
 * Base of every error the engine reports to a user. The message is written for people: it names the
 * file, line or object involved and what to do. {@link #setting()} names the configuration value
 * the user most likely has to change, so an adapter (the Maven plugin) can translate it into its
 * own parameter name.
 */
public class PgKeeperException extends RuntimeException {
  private final Setting setting;

  public PgKeeperException(String message) {
    this(message, null, null);
  }

  public PgKeeperException(String message, Setting setting) {
    this(message, setting, null);
  }

  public PgKeeperException(String message, Setting setting, Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** The setting to change to fix this problem, if there is one. */
  public Optional<Setting> setting() {
    return Optional.ofNullable(setting);
  }
}
