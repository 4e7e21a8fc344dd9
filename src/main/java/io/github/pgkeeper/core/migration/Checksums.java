package io.github.pgkeeper.core.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Migration checksums: stable across a Windows checkout, a BOM, and nothing else. */
public final class Checksums {
  private Checksums() {}

  /**
   * Removes a leading byte order mark and turns CRLF line ends into LF, so that the same script
   * checked out on Windows or saved by an editor that adds a BOM runs and checksums the same.
   */
  public static String normalize(String content) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n");
  }

  /** SHA-256 of the normalised content as UTF-8, in lower-case hex. */
  public static String sha256(String content) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(normalize(content).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * SHA-256 of the texts of {@code statements}, one after the other: what a migration that runs
   * statement by statement had applied, to tell whether a resumed run starts from the same place.
   */
  public static String ofStatements(
      java.util.List<io.github.pgkeeper.core.sql.SqlStatement> statements) {
    StringBuilder joined = new StringBuilder();
    for (io.github.pgkeeper.core.sql.SqlStatement statement : statements) {
      joined.append(statement.text()).append('\u0000');
    }
    return sha256(joined.toString());
  }
}
