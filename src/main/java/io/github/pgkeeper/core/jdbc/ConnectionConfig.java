package io.github.pgkeeper.core.jdbc;

import java.util.regex.Pattern;

/**
 * Where and as whom to connect. {@link #toString()} and {@link #maskedUrl()} never show the
 * password, so a config can be logged as it is.
 */
public record ConnectionConfig(String url, String user, String password) {
  private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&]*");
  // Up to the last @ before the host, so that an unencoded @ inside the password is masked too.
  private static final Pattern USER_INFO_PASSWORD =
      Pattern.compile("(://[^/:@]*:)[^/@]*(?:@[^/@\\s]*)*@");

  /** The URL with any password in it (a {@code password=} parameter or user info) replaced. */
  public String maskedUrl() {
    return mask(url);
  }

  /** Replaces passwords inside any URL-like text, for messages that quote a URL. */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1****");
    return USER_INFO_PASSWORD.matcher(masked).replaceAll("$1****@");
  }

  @Override
  public String toString() {
    return "ConnectionConfig[url=" + maskedUrl() + ", user=" + user + ", password=****]";
  }
}
