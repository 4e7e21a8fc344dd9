package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;

/**
 * Decides which database to use from what the user configured, in this order: an explicit {@code
 * url} (JDBC or postgres:// form), else the {@code DATABASE_URL} environment variable. Explicit
 * {@code user} and {@code password} win over credentials inside the URL. The result remembers where
 * its URL and password came from, so that an error points at the right one.
 */
public final class ConnectionResolver {
  private ConnectionResolver() {}

  /**
   * @param databaseUrlEnv the value of {@code DATABASE_URL}, or null
   * @throws PgKeeperException when there is nothing to connect to, or the URL is not PostgreSQL's
   */
  public static ConnectionConfig resolve(
      String url, String user, String password, String databaseUrlEnv) {
    ConnectionConfig base;
    if (!isBlank(url)) {
      base = fromUrl(url.trim(), "The configured url", Setting.URL);
    } else if (!isBlank(databaseUrlEnv)) {
      base =
          fromUrl(
              databaseUrlEnv.trim(), "The DATABASE_URL environment variable", Setting.DATABASE_URL);
    } else {
      throw new PgKeeperException(
          "No database is configured. Set the JDBC URL (jdbc:postgresql://host:5432/db) or the"
              + " DATABASE_URL environment variable (postgres:// followed by"
              + " user:password@host:5432/db), or run db:start first for an embedded PostgreSQL.",
          Setting.URL);
    }
    boolean passwordGiven = password != null && !password.isEmpty();
    return new ConnectionConfig(
        base.url(),
        isBlank(user) ? base.user() : user,
        passwordGiven ? password : base.password(),
        base.urlSetting(),
        passwordGiven ? Setting.PASSWORD : base.passwordSetting());
  }

  private static ConnectionConfig fromUrl(String url, String where, Setting setting) {
    if (!DatabaseUrl.isLibpqUrl(url) && !url.startsWith("jdbc:postgresql:")) {
      throw new PgKeeperException(
          where
              + " is not a PostgreSQL URL: "
              + ConnectionConfig.mask(url)
              + ". Use jdbc:postgresql://host:5432/database or postgres://user@host:5432/database.",
          setting);
    }
    return DatabaseUrl.parse(url, where, setting);
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
