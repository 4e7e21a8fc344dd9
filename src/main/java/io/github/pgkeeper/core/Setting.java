package io.github.pgkeeper.core;

/**
 * The user-facing settings of the engine. Errors point at one of these, and each adapter maps them
 * to its own names (for Maven: a POM parameter and its {@code -Ddb.*} property).
 */
public enum Setting {
  URL,
  USER,
  PASSWORD,
  SERVER_ID,
  LOCATIONS,
  HISTORY_TABLE,
  TARGET,
  OUT_OF_ORDER,
  VALIDATE_ON_MIGRATE,
  LOCK_WAIT_TIMEOUT,
  ROLLBACK_COUNT,
  LOCK_TIMEOUT,
  STATEMENT_TIMEOUT,
  FAIL_ON_PENDING,
  EMBEDDED_PORT,
  EMBEDDED_DATA_DIRECTORY,
  EMBEDDED_SERVER_SETTINGS,
  EMBEDDED_FLAVOR,
  NEW_NAME,
  BASELINE_VERSION,
  BASELINE_FROM,
  BASELINE_FLYWAY_TABLE
}
