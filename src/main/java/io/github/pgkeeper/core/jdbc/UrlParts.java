package io.github.pgkeeper.core.jdbc;

/**
 * A URL after its {@code scheme://}, cut into user info, hosts, path, query and fragment the way
 * its author meant it, also when a password was pasted in without percent-encoding.
 *
 * <p>RFC 3986 ends the user info at the last {@code @} before the first {@code / ? #}. A password
 * holding one of those three moves that boundary: {@code user:pa/ss@host/db} reads as host {@code
 * user}, port {@code pa} and database {@code ss@host/db}. An {@code @} after the boundary is
 * therefore taken as the end of the user info whenever the RFC reading makes no sense for a
 * database URL: a port that is not a number, an {@code @} in the database name, a fragment, or a
 * query parameter with no {@code name=} before the {@code @}. A query value may hold an {@code @}
 * ({@code ?user=me@corp}), so that one case stays a query.
 *
 * @param reservedCharacterInUserInfo the user info holds a / ? or #: only this reading finds it
 */
record UrlParts(
    String userInfo,
    boolean reservedCharacterInUserInfo,
    String hosts,
    String path,
    String query,
    String fragment) {

  private static final String AUTHORITY_ENDS = "/?#";

  static UrlParts split(String afterScheme) {
    int at = userInfoEnd(afterScheme);
    String userInfo = at < 0 ? null : afterScheme.substring(0, at);
    String rest = afterScheme.substring(at + 1);
    int hostsEnd = indexOfAny(rest, AUTHORITY_ENDS, 0);
    String hosts = rest.substring(0, hostsEnd);
    rest = rest.substring(hostsEnd);
    int hash = rest.indexOf('#');
    String fragment = hash < 0 ? null : rest.substring(hash + 1);
    rest = hash < 0 ? rest : rest.substring(0, hash);
    int question = rest.indexOf('?');
    return new UrlParts(
        userInfo,
        userInfo != null && indexOfAny(userInfo, AUTHORITY_ENDS, 0) < userInfo.length(),
        hosts,
        question < 0 ? rest : rest.substring(0, question),
        question < 0 ? null : rest.substring(question + 1),
        fragment);
  }

  /** Where the user info of {@code afterScheme} ends: the index of its {@code @}, or -1. */
  static int userInfoEnd(String afterScheme) {
    int authorityEnd = indexOfAny(afterScheme, AUTHORITY_ENDS, 0);
    int lastAt = afterScheme.lastIndexOf('@');
    if (lastAt < authorityEnd) {
      return lastAt;
    }
    int atInAuthority = afterScheme.lastIndexOf('@', authorityEnd - 1);
    return reservedCharacterMovedTheBoundary(afterScheme, authorityEnd, atInAuthority, lastAt)
        ? lastAt
        : atInAuthority;
  }

  private static boolean reservedCharacterMovedTheBoundary(
      String text, int authorityEnd, int atInAuthority, int lastAt) {
    if (!portsAreNumbers(text.substring(atInAuthority + 1, authorityEnd))) {
      return true; // user:pa/ss@host read as host "user", port "pa"
    }
    int hash = text.indexOf('#');
    if (hash >= 0 && hash < lastAt) {
      return true;
    }
    int question = text.indexOf('?', authorityEnd);
    int pathEnd = question < 0 || (hash >= 0 && hash < question) ? hash : question;
    String path = text.substring(authorityEnd, pathEnd < 0 ? text.length() : pathEnd);
    if (path.contains("@")) {
      return true;
    }
    if (question < 0) {
      return false;
    }
    int firstAtInQuery = text.indexOf('@', question);
    int parameterStart = Math.max(text.lastIndexOf('&', firstAtInQuery), question) + 1;
    return text.substring(parameterStart, firstAtInQuery).indexOf('=') < 0;
  }

  /** Whether every {@code host:port} of a comma-separated list has a port from 1 to 65535. */
  static boolean portsAreNumbers(String hosts) {
    for (String host : hosts.split(",", -1)) {
      String port = port(host);
      if (port != null && !isPortNumber(port)) {
        return false;
      }
    }
    return true;
  }

  /** The port of {@code host:port}, or null when there is none ({@code [::1]} has none). */
  static String port(String host) {
    int colon = host.lastIndexOf(':');
    return colon < 0 || colon < host.lastIndexOf(']') ? null : host.substring(colon + 1);
  }

  private static boolean isPortNumber(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int number = Integer.parseInt(port);
    return number >= 1 && number <= 65535;
  }

  static int indexOfAny(String text, String characters, int from) {
    for (int i = from; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}
