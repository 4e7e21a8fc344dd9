package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads a database URL into a JDBC URL plus credentials: the libpq form {@code
 * postgres://user:pass@host:port/db?sslmode=require} (the form Supabase, Heroku and most hosts hand
 * out as {@code DATABASE_URL}) and the JDBC form {@code jdbc:postgresql://host:port/db}, whose
 * {@code user:pass@} pgjdbc would take for part of the host name, so it is moved into the
 * credentials here.
 *
 * <p>A password that holds a character URLs reserve ({@code / ? #}) without percent-encoding it
 * makes the URL mean something else: a host {@code user} on port {@code pass}, a database {@code
 * word@host}. Such URLs are recognised and refused with the encoding to use, and no message shows
 * the user info: the driver would otherwise echo it as a host name or port.
 */
public final class DatabaseUrl {
  /** How to write what URLs reserve, for every message that refuses a URL. */
  public static final String PERCENT_ENCODING =
      "Percent-encode these characters in the user name and password: @ as %40, : as %3A,"
          + " / as %2F, ? as %3F, # as %23, % as %25, a space as %20.";

  private static final String JDBC = "jdbc:postgresql://";
  private static final List<String> SCHEMES = List.of(JDBC, "postgres://", "postgresql://");

  private DatabaseUrl() {}

  public static boolean isLibpqUrl(String url) {
    return url != null && (url.startsWith("postgres://") || url.startsWith("postgresql://"));
  }

  /**
   * @param where how to name the source of the URL in an error, such as "The configured url"
   */
  public static ConnectionConfig parse(String url, String where) {
    return parse(url, where, Setting.URL);
  }

  /**
   * @param setting what an error points at: where the URL came from
   * @throws PgKeeperException when the URL cannot be read unambiguously; the message never shows
   *     the password
   */
  public static ConnectionConfig parse(String url, String where, Setting setting) {
    String scheme = SCHEMES.stream().filter(url::startsWith).findFirst().orElse(null);
    if (scheme == null) {
      // jdbc:postgresql:database and the like name no host, so hold no user info either.
      return new ConnectionConfig(url, null, null, setting, Setting.PASSWORD);
    }
    Refusal refuse = new Refusal(url, scheme, where, setting);
    UrlParts parts = UrlParts.split(url.substring(scheme.length()));
    if (parts.reservedCharacterInUserInfo()) {
      throw refuse.because("a / ? or # in the user name or password is not percent-encoded");
    }
    // Spaces are left to the query (?options=-c search_path=app), where pgjdbc takes them as they
    // are; before it they can only be a password or a name that lost its encoding.
    if (hasSpaceOrControl(parts.userInfo()) || hasSpaceOrControl(parts.hosts() + parts.path())) {
      throw refuse.because("it contains a space or a control character before the query");
    }
    if (parts.fragment() != null) {
      throw refuse.because("it contains a #, which starts no part of a database URL");
    }
    if (parts.hosts().isEmpty() && !scheme.equals(JDBC)) {
      throw refuse.because("it names no host");
    }
    if (!UrlParts.portsAreNumbers(parts.hosts())) {
      throw refuse.because("a port is not a number from 1 to 65535");
    }
    if (scheme.equals(JDBC) && parts.path().isEmpty()) {
      throw refuse.because("a / must follow the host and port, as in " + JDBC + "host:5432/db");
    }
    if (parts.path().indexOf('/', 1) > 0) {
      throw refuse.because("the database name contains a /; write it as %2F");
    }
    String user = null;
    String password = null;
    if (parts.userInfo() != null) {
      int colon = parts.userInfo().indexOf(':');
      user = decode(colon < 0 ? parts.userInfo() : parts.userInfo().substring(0, colon), refuse);
      password = colon < 0 ? null : decode(parts.userInfo().substring(colon + 1), refuse);
    }
    String jdbc =
        JDBC
            + parts.hosts()
            + (parts.path().isEmpty() ? "/" : parts.path())
            + (parts.query() == null ? "" : "?" + parts.query());
    return new ConnectionConfig(
        jdbc, user, password, setting, password == null ? Setting.PASSWORD : setting);
  }

  private static boolean hasSpaceOrControl(String text) {
    return text != null
        && text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  /**
   * Percent-decoding as RFC 3986 has it: a {@code +} stays a plus. Unlike {@link
   * java.net.URLDecoder}, a bad escape is refused with a message that quotes none of the text.
   */
  private static String decode(String text, Refusal refuse) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(text.charAt(i + 2), 16);
      if (low < 0) {
        throw refuse.because("a % in the user name or password is not followed by two hex digits");
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Builds the error for a URL that is refused: it shows the URL with its user info masked. */
  private record Refusal(String url, String scheme, String where, Setting setting) {
    PgKeeperException because(String reason) {
      String kind = scheme.equals(JDBC) ? "JDBC" : scheme;
      return new PgKeeperException(
          where
              + " is not a valid "
              + kind
              + " URL ("
              + reason
              + "): "
              + ConnectionConfig.mask(url)
              + ". Expected "
              + scheme
              + "host:5432/database, with user:password@ before the host. "
              + PERCENT_ENCODING,
          setting);
    }
  }
}
