package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns a libpq-style URL, {@code postgres://user:pass@host:port/db?sslmode=require} (the form
 * Supabase, Heroku and most hosts hand out as {@code DATABASE_URL}), into a JDBC URL plus
 * credentials.
 */
public final class DatabaseUrl {
  private DatabaseUrl() {}

  public static boolean isLibpqUrl(String url) {
    return url != null && (url.startsWith("postgres://") || url.startsWith("postgresql://"));
  }

  /**
   * @param where how to name the source of the URL in an error, such as "DATABASE_URL"
   */
  public static ConnectionConfig parse(String url, String where) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(where, url, e.getReason());
    }
    // The authority as written: java.net.URI leaves getHost() empty for names it deems invalid,
    // such as Docker Compose service names with underscores ("my_db").
    String authority = uri.getRawAuthority();
    String hostAndPort =
        authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
    if (hostAndPort.isEmpty() || hostAndPort.startsWith(":")) {
      throw invalid(where, url, "it names no host");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hostAndPort);
    String path = uri.getRawPath();
    jdbc.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    String user = null;
    String password = null;
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : authority.substring(0, at);
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    return new ConnectionConfig(jdbc.toString(), user, password);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static PgKeeperException invalid(String where, String url, String reason) {
    return new PgKeeperException(
        where
            + " is not a valid postgres:// URL ("
            + reason
            + "): "
            + ConnectionConfig.mask(url)
            + ". Expected postgres://user:password@host:5432/database",
        Setting.URL);
  }
}
