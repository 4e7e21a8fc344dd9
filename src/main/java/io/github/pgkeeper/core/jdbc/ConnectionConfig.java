package io.github.pgkeeper.core.jdbc;

import io.github.pgkeeper.core.Setting;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and as whom to connect. {@link #toString()} and {@link #maskedUrl()} never show the
 * password, so a config can be logged as it is.
 *
 * @param urlSetting where the URL came from, for errors about it (the url, DATABASE_URL)
 * @param passwordSetting where the password came from, for authentication errors (the password, a
 *     settings.xml server, the user info of the url or of DATABASE_URL)
 */
public record ConnectionConfig(
    String url, String user, String password, Setting urlSetting, Setting passwordSetting) {
  /** {@code password=}, {@code sslpassword=} and the like, as URL parameters. */
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;][a-z_]*password=)(?!\\*{4})[^&\\s]*");

  private static final Pattern URL_START = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://");
  private static final String MASK = "****";

  public ConnectionConfig {
    urlSetting = urlSetting == null ? Setting.URL : urlSetting;
    passwordSetting = passwordSetting == null ? Setting.PASSWORD : passwordSetting;
  }

  /** A connection whose URL and password the user configured as such. */
  public ConnectionConfig(String url, String user, String password) {
    this(url, user, password, Setting.URL, Setting.PASSWORD);
  }

  /** The same connection, its password now taken from {@code setting}. */
  public ConnectionConfig withPasswordFrom(Setting setting) {
    return new ConnectionConfig(url, user, password, urlSetting, setting);
  }

  /** The URL with any password in it (a {@code password=} parameter or user info) replaced. */
  public String maskedUrl() {
    return mask(url);
  }

  /**
   * Replaces passwords inside any URL-like text, for messages that quote a URL or the driver's
   * words: the password of user info, also one whose / ? # @ or space was not percent-encoded; a
   * port that is not a number (a password taken for one); and {@code password=} parameters.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder masked = new StringBuilder();
    int copied = 0;
    Matcher start = URL_START.matcher(text);
    while (start.find()) {
      int from = start.end();
      if (from < copied) {
        continue;
      }
      int tokenEnd = from;
      while (tokenEnd < text.length() && !Character.isWhitespace(text.charAt(tokenEnd))) {
        tokenEnd++;
      }
      String token = text.substring(from, tokenEnd);
      int at = UrlParts.userInfoEnd(token);
      if (at < 0) {
        at = passwordWithASpace(text, from, tokenEnd);
      }
      if (at >= 0) {
        int colon = text.indexOf(':', from);
        if (colon >= 0 && colon < from + at) {
          masked.append(text, copied, colon + 1).append(MASK);
          copied = from + at;
        }
      } else {
        copied = maskPort(text, token, from, copied, masked);
      }
    }
    masked.append(text, copied, text.length());
    return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
  }

  /**
   * {@code user:my secret@host}: the token ends at the space with a port that is not a number, and
   * an {@code @} follows on the same line before any {@code /}. Returns the {@code @}'s offset from
   * {@code from}, or -1.
   */
  private static int passwordWithASpace(String text, int from, int tokenEnd) {
    String token = text.substring(from, tokenEnd);
    if (UrlParts.indexOfAny(token, "/?#", 0) < token.length() || UrlParts.portsAreNumbers(token)) {
      return -1;
    }
    int at = text.indexOf('@', tokenEnd);
    int stop = UrlParts.indexOfAny(text, "/\n", tokenEnd);
    return at < 0 || at > stop ? -1 : at - from;
  }

  /** Masks the port of a URL without user info when it is not a number. */
  private static int maskPort(
      String text, String token, int from, int copied, StringBuilder masked) {
    int hostsEnd = UrlParts.indexOfAny(token, "/?#", 0);
    String hosts = token.substring(0, hostsEnd);
    if (UrlParts.portsAreNumbers(hosts)) {
      return copied;
    }
    int colon = from + hosts.indexOf(':');
    masked.append(text, copied, colon + 1).append(MASK);
    return from + hostsEnd;
  }

  @Override
  public String toString() {
    return "ConnectionConfig[url=" + maskedUrl() + ", user=" + user + ", password=****]";
  }
}
