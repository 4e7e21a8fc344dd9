package io.github.pgkeeper.core.archive;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Where the bytes of an archive go, and what finishing or abandoning it means there.
 *
 * <ul>
 *   <li>A regular file (or a name that does not exist yet) is written under a temporary name in its
 *       folder, readable by its owner only, forced to disk and renamed by {@link #complete}; {@link
 *       #discard} deletes it. A file under the target name is therefore always complete.
 *   <li>Anything else that exists (a pipe, a FIFO, a character device such as {@code /dev/null},
 *       {@code /dev/fd/3}, {@code /dev/stdout}) and standard output itself are written straight:
 *       they cannot be renamed into, and their reader is waiting for the bytes. An abandoned stream
 *       cannot be taken back; {@link ArchiveWriter} ends it so that readers see the failure.
 * </ul>
 */
final class ArchiveOutput {
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final OutputStream stream;

  private ArchiveOutput(Path target, Path temp, FileChannel channel, OutputStream stream) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.stream = stream;
  }

  /** The process's real standard output, not {@code System.out}, which a host may wrap. */
  static ArchiveOutput standardOutput() {
    return new ArchiveOutput(
        null, null, null, new KeepOpen(new FileOutputStream(FileDescriptor.out)));
  }

  /**
   * A file, a pipe or a device, as described above. Creates the missing folders of a new file,
   * readable by their owner only.
   *
   * @throws PgKeeperException naming {@link Setting#BACKUP_FILE} when {@code target} is a folder or
   *     cannot be written
   */
  static ArchiveOutput file(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    refuseFolder(absolute);
    try {
      if (writesStraight(absolute)) {
        return new ArchiveOutput(
            absolute, null, null, Files.newOutputStream(absolute, StandardOpenOption.WRITE));
      }
      if (Files.isSymbolicLink(absolute)) {
        absolute = absolute.toRealPath(); // replace the file the link points to, keep the link
      }
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot write the backup to " + absolute + ": " + e.getMessage(), Setting.BACKUP_FILE, e);
    }
    return viaTemporaryFile(absolute);
  }

  /**
   * @throws PgKeeperException naming {@link Setting#BACKUP_FILE} when {@code target} is a folder
   */
  static void refuseFolder(Path target) {
    if (Files.isDirectory(target)) {
      throw new PgKeeperException(
          "The backup file "
              + target.toAbsolutePath().normalize()
              + " is a folder. Name a file, such as "
              + target.resolve("app.tar")
              + ", or leave the file unset for <database>-<UTC time>.tar in the backup folder.",
          Setting.BACKUP_FILE);
    }
  }

  /** Whether {@code target} exists and is neither a regular file nor a folder: no rename there. */
  static boolean writesStraight(Path target) {
    return Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
  }

  private static ArchiveOutput viaTemporaryFile(Path absolute) {
    Path folder = absolute.getParent();
    Path temp = null;
    try {
      createFolders(folder);
      temp =
          Files.createTempFile(
              folder, absolute.getFileName() + ".", ".incomplete", ownerOnly("rw-------"));
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      return new ArchiveOutput(absolute, temp, channel, Channels.newOutputStream(channel));
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new PgKeeperException(
          "Cannot create the backup file in "
              + folder
              + ": "
              + (e instanceof FileAlreadyExistsException
                  ? e.getMessage() + " exists and is not a folder"
                  : e.getMessage()),
          Setting.BACKUP_FILE,
          e);
    }
  }

  /**
   * Creates the missing folders of {@code folder}, each readable by its owner only (whatever the
   * umask), as backups hold the whole database. Existing folders are left as they are.
   */
  private static void createFolders(Path folder) throws IOException {
    Deque<Path> missing = new ArrayDeque<>();
    for (Path f = folder; f != null && !Files.isDirectory(f); f = f.getParent()) {
      missing.push(f);
    }
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    while (!missing.isEmpty()) {
      Path f = missing.pop();
      try {
        Files.createDirectory(f, ownerOnly("rwx------"));
      } catch (FileAlreadyExistsException e) {
        if (Files.isDirectory(f)) {
          continue; // created meanwhile by someone else: theirs, left as it is
        }
        throw e;
      }
      if (posix) {
        Files.setPosixFilePermissions(f, OWNER_ONLY_FOLDER); // the umask may have taken bits
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
      };
    }
    return new FileAttribute<?>[0];
  }

  /** Where the archive ends up; null for standard output. */
  Path target() {
    return target;
  }

  /** Whether bytes go straight to their reader, who sees them even when the backup fails. */
  boolean isStream() {
    return temp == null;
  }

  OutputStream stream() {
    return stream;
  }

  /**
   * Called once every byte has been written to {@link #stream()} and flushed: forces a file to
   * disk, closes it and renames it to the target.
   */
  void complete() throws IOException {
    if (channel != null) {
      channel.force(true);
    }
    stream.close();
    if (temp != null) {
      moveIntoPlace();
    }
  }

  /** Abandons the archive: closes the output and deletes a temporary file. Never throws. */
  void discard() {
    try {
      stream.close();
    } catch (IOException ignored) {
      // Discarding anyway.
    }
    deleteQuietly(temp);
  }

  private void moveIntoPlace() throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      folder.force(true); // makes the rename itself durable, where the platform allows it
    } catch (IOException | UnsupportedOperationException ignored) {
      // Not every platform can sync a folder; the data itself is already on disk.
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // Nothing more to do; the .incomplete name tells what it is.
    }
  }

  /** Standard output stays open for the host's own output: closing only flushes. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
