package io.github.pgkeeper.core.archive;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an archive: {@link #writeHeader} first, then {@link #writePart} for every data part in any
 * order, then {@link #finish}, which appends the manifest and its checksum. Not thread-safe: one
 * thread appends while others encode parts.
 *
 * <p>A file is written under a temporary name in the target's folder, readable by its owner only,
 * and renamed to the target only by {@link #finish}. {@link #close} without {@code finish} deletes
 * it, and a killed process leaves only the temporary name ({@code *.incomplete}) behind, so a file
 * with the target name is always complete.
 */
public final class ArchiveWriter implements Closeable {
  private static final int OUTPUT_BUFFER = 1 << 20;
  private static final int ENTRY_MODE = 0100600;

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final CountingOutputStream counter;
  private final TarArchiveOutputStream tar;
  private final long modTime = Instant.now().toEpochMilli();
  private final List<ManifestEntry> entries = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private ArchiveHeader header;
  private Codec codec;
  private Manifest manifest;
  private boolean closed;

  private ArchiveWriter(Path target, Path temp, FileChannel channel, OutputStream out) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
    this.counter = new CountingOutputStream(new BufferedOutputStream(out, OUTPUT_BUFFER));
    this.tar = new TarArchiveOutputStream(counter);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** An archive that becomes {@code target} when finished. Creates missing parent folders. */
  public static ArchiveWriter toFile(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    try {
      Files.createDirectories(folder);
      Path temp =
          Files.createTempFile(
              folder, absolute.getFileName() + ".", ".incomplete", ownerOnly(folder));
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      return new ArchiveWriter(absolute, temp, channel, Channels.newOutputStream(channel));
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot create the backup file in " + folder + ": " + e.getMessage(),
          Setting.BACKUP_FILE,
          e);
    }
  }

  /** An archive written to standard output (the file name {@code -}), for piping. */
  public static ArchiveWriter toStandardOutput() {
    return new ArchiveWriter(null, null, null, new FileOutputStream(FileDescriptor.out));
  }

  private static FileAttribute<?>[] ownerOnly(Path folder) {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  /** Where the archive ends up, or null for standard output. */
  public Path target() {
    return target;
  }

  /** Bytes written so far, tar headers included. */
  public long bytesWritten() {
    return counter.count;
  }

  /** Writes {@code header.json}; must come first. */
  public void writeHeader(ArchiveHeader archiveHeader) throws IOException {
    if (header != null || !entries.isEmpty()) {
      throw new IllegalStateException("the header is written once, first");
    }
    header = archiveHeader;
    codec = archiveHeader.codec();
    byte[] json = ArchiveFormat.toJson(archiveHeader);
    writeEntry(ArchiveFormat.HEADER, json, json.length);
    entries.add(
        new ManifestEntry(
            ArchiveFormat.HEADER,
            json.length,
            Sha256.hex(json, 0, json.length),
            null,
            null,
            null,
            null));
  }

  /** Appends an encoded data part of a table of the header. */
  public void writePart(DataPart part) throws IOException {
    if (header == null) {
      throw new IllegalStateException("write the header before any data part");
    }
    TableInfo table =
        header
            .table(part.tableId())
            .orElseThrow(() -> new IllegalArgumentException("no table " + part.tableId()));
    if (!table.dataIncluded()) {
      throw new IllegalArgumentException(table.displayName() + " has its data excluded");
    }
    String name = ArchiveFormat.partName(part.tableId(), part.part(), codec);
    if (!names.add(name)) {
      throw new IllegalStateException("entry written twice: " + name);
    }
    TarArchiveEntry entry = newEntry(name, part.storedBytes());
    tar.putArchiveEntry(entry);
    part.writeTo(tar);
    tar.closeArchiveEntry();
    entries.add(
        new ManifestEntry(
            name,
            part.storedBytes(),
            part.sha256(),
            part.tableId(),
            part.part(),
            part.rawBytes(),
            part.rows()));
  }

  /**
   * Appends the manifest and its checksum, completes the tar, forces it to disk and renames it to
   * the target.
   */
  public Manifest finish() throws IOException {
    if (header == null) {
      throw new IllegalStateException("no header written");
    }
    Manifest built = buildManifest();
    byte[] json = ArchiveFormat.toJson(built);
    writeEntry(ArchiveFormat.MANIFEST, json, json.length);
    byte[] checksum = ArchiveFormat.manifestChecksumLine(Sha256.hex(json, 0, json.length));
    writeEntry(ArchiveFormat.MANIFEST_CHECKSUM, checksum, checksum.length);
    tar.finish();
    tar.flush();
    if (channel != null) {
      channel.force(true);
    }
    closed = true;
    if (temp != null) {
      tar.close();
      moveIntoPlace();
    }
    manifest = built;
    return built;
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

  private Manifest buildManifest() {
    Map<String, long[]> sums = new LinkedHashMap<>(); // rows, raw, stored, parts
    Map<String, List<Integer>> numbers = new HashMap<>();
    for (TableInfo table : header.tables()) {
      if (table.dataIncluded()) {
        sums.put(table.id(), new long[4]);
      }
    }
    for (ManifestEntry entry : entries) {
      if (entry.isDataPart()) {
        long[] sum = sums.get(entry.table());
        sum[0] += entry.rows();
        sum[1] += entry.rawBytes();
        sum[2] += entry.size();
        sum[3]++;
        numbers.computeIfAbsent(entry.table(), t -> new ArrayList<>()).add(entry.part());
      }
    }
    List<TableTotals> tables = new ArrayList<>();
    long rows = 0;
    long raw = 0;
    long stored = 0;
    for (TableInfo table : header.tables()) {
      long[] sum = sums.get(table.id());
      if (sum == null) {
        continue;
      }
      List<Integer> parts = numbers.getOrDefault(table.id(), new ArrayList<>());
      parts.sort(null);
      for (int i = 0, previous = 0; i < parts.size(); previous = parts.get(i++)) {
        if (!ArchiveFormat.partFollows(previous, parts.get(i))) {
          throw new IllegalStateException(table.displayName() + ": parts numbered " + parts);
        }
      }
      tables.add(
          new TableTotals(
              table.id(), table.schema(), table.name(), sum[0], sum[1], sum[2], (int) sum[3]));
      rows += sum[0];
      raw += sum[1];
      stored += sum[2];
    }
    return new Manifest(
        ArchiveFormat.VERSION, Instant.now().toString(), entries, tables, rows, raw, stored);
  }

  private void writeEntry(String name, byte[] content, int length) throws IOException {
    if (!names.add(name)) {
      throw new IllegalStateException("entry written twice: " + name);
    }
    tar.putArchiveEntry(newEntry(name, length));
    tar.write(content, 0, length);
    tar.closeArchiveEntry();
  }

  private TarArchiveEntry newEntry(String name, long size) {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setMode(ENTRY_MODE);
    entry.setModTime(modTime);
    return entry;
  }

  /** Whether {@link #finish} completed. */
  public boolean finished() {
    return manifest != null;
  }

  /** Completes nothing: an unfinished archive is discarded (its temporary file deleted). */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (temp != null) {
        tar.close();
      } else {
        tar.flush(); // an unfinished stream to stdout has no manifest, so readers reject it
      }
    } catch (IOException ignored) {
      // Discarding anyway.
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Counts what passes through, passing arrays on whole (FilterOutputStream goes byte by byte). */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
