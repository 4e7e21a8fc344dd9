package io.github.pgkeeper.core.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Who may connect to the embedded server: only a client that knows the password, over loopback TCP
 * or the server's own Unix socket. A superuser session can run programs as the server's
 * operating-system user ({@code COPY ... TO PROGRAM}), so no other process of the machine may get
 * one for free:
 *
 * <ul>
 *   <li>the password is the configured one or, by default, a random one for each start;
 *   <li>initdb sets it from a private file and writes SCRAM into pg_hba.conf, so the cluster never
 *       trusts anyone, not even while it starts (zonky runs initdb with {@code -A trust}; a later
 *       {@code --auth} overrides that);
 *   <li>pg_hba.conf admits SCRAM over the Unix socket and loopback TCP only, and the server listens
 *       on {@code localhost} only;
 *   <li>the data directory, the socket directory and the server's log file are the user's alone
 *       (0700, 0600); the socket is in a private directory of its own instead of {@code /tmp}.
 * </ul>
 */
final class ServerAccess implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> USER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> USER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  static final List<String> HBA =
      List.of(
          "# Written by pgkeeper: every connection needs the password, and only this machine's.",
          "local all all scram-sha-256",
          "host all all 127.0.0.1/32 scram-sha-256",
          "host all all ::1/128 scram-sha-256");

  private final String password;
  private final Path socketDirectory;
  private final Path passwordFile;

  private ServerAccess(String password, Path socketDirectory, Path passwordFile) {
    this.password = password;
    this.socketDirectory = socketDirectory;
    this.passwordFile = passwordFile;
  }

  /**
   * Creates the private socket directory, the log file and the file initdb reads the password from.
   *
   * @param password the configured password, or null for a random one
   */
  static ServerAccess prepare(EmbeddedConfig config, String password) throws IOException {
    String effective = password == null ? randomPassword() : password;
    Path socketDirectory =
        POSIX ? Files.createTempDirectory("pgkeeper-socket-", attributes(USER_ONLY)) : null;
    Path passwordFile =
        POSIX
            ? Files.createTempFile("pgkeeper-initdb-", ".pw", attributes(USER_READ_WRITE))
            : Files.createTempFile("pgkeeper-initdb-", ".pw");
    Files.writeString(passwordFile, effective + "\n", StandardCharsets.UTF_8);
    if (POSIX) {
      Files.createFile(config.logFile(), attributes(USER_READ_WRITE));
    }
    return new ServerAccess(effective, socketDirectory, passwordFile);
  }

  /** 24 random bytes, URL-safe: nothing in it needs quoting or percent-encoding anywhere. */
  static String randomPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  String password() {
    return password;
  }

  /** The directory of the server's Unix socket, or null where there is none (Windows). */
  Path socketDirectory() {
    return socketDirectory;
  }

  /**
   * Makes the builder's server require the password. Set before the user's own server settings,
   * which may override the listening addresses; pg_hba.conf still admits loopback only.
   */
  void configure(EmbeddedPostgres.Builder builder) {
    // zonky passes these "locale" options to initdb as --name=value, after its own -A trust.
    builder.setLocaleConfig("auth", "scram-sha-256");
    builder.setLocaleConfig("pwfile", passwordFile.toString());
    builder.setServerConfig("listen_addresses", "localhost");
    builder.setServerConfig("password_encryption", "scram-sha-256");
    if (socketDirectory != null) {
      builder.setServerConfig("unix_socket_directories", socketDirectory.toString());
      builder.setServerConfig("unix_socket_permissions", "0700");
    }
    // zonky connects as postgres to see whether the server is up.
    builder.setConnectConfig("password", password);
    builder.setDataDirectoryCustomizer(dataDirectory -> lockDown(dataDirectory.toPath()));
  }

  /** Runs between initdb and the first start of the server. */
  private void lockDown(Path dataDirectory) {
    try {
      Files.deleteIfExists(passwordFile);
      Files.write(dataDirectory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
      if (POSIX) {
        Files.setPosixFilePermissions(dataDirectory, USER_ONLY);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot restrict access to " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /** Removes what {@link #prepare} made outside the data directory. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(passwordFile);
      if (socketDirectory != null && Files.isDirectory(socketDirectory)) {
        try (var files = Files.list(socketDirectory)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
        }
        Files.deleteIfExists(socketDirectory);
      }
    } catch (IOException e) {
      // A leftover empty private directory in the temporary folder harms nobody.
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attributes(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }
}
