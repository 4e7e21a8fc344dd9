package io.github.pgkeeper.core.archive;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Writes an archive: {@link #writeHeader} first, then {@link #writeSchema} when the header
 * announces a schema entry, then {@link #writePart} for every data part in any order, then {@link
 * #finish}, which appends the manifest and its checksum. Not thread-safe: one thread appends while
 * others encode parts.
 *
 * <p>A file is written under a temporary name in the target's folder, readable by its owner only,
 * and renamed to the target only by {@link #finish}. {@link #close} without {@code finish} deletes
 * it, and a killed process leaves only the temporary name ({@code *.incomplete}) behind, so a file
 * with the target name is always complete.
 *
 * <p>Standard output, pipes and devices ({@link ArchiveOutput}) are written straight. There {@link
 * #close} without {@code finish} ends the stream inside an entry named {@link
 * ArchiveFormat#FAILED_ENTRY}, never with a manifest: {@code tar} reports an unexpected end of the
 * archive and {@link ArchiveReader} refuses it.
 */
public final class ArchiveWriter implements Closeable {
  private static final int OUTPUT_BUFFER = 1 << 20;
  private static final int ENTRY_MODE = 0100600;
  private static final int FAILED_ENTRY_SIZE = 512;

  private final ArchiveOutput output;
  private final CountingOutputStream counter;
  private final TarArchiveOutputStream tar;

  /**
   * Whole seconds: a time with milliseconds costs every entry a pax header (1 KiB) to carry them.
   */
  private final long modTime = Instant.now().getEpochSecond() * 1000;

  private final List<ManifestEntry> entries = new ArrayList<>();
  private final Set<String> names = new HashSet<>();
  private ArchiveHeader header;
  private final Map<String, TableInfo> tablesById = new HashMap<>();
  private Codec codec;
  private Manifest manifest;
  private boolean schemaWritten;
  private int packedParts;
  private boolean entryOpen;
  private boolean closed;

  private ArchiveWriter(ArchiveOutput output) {
    this.output = output;
    this.counter =
        new CountingOutputStream(new BufferedOutputStream(output.stream(), OUTPUT_BUFFER));
    this.tar = new TarArchiveOutputStream(counter);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /**
   * An archive that becomes {@code target} when finished, or is written straight into it when it is
   * a pipe or a device. Creates missing parent folders, readable by their owner only.
   *
   * @throws io.github.pgkeeper.core.PgKeeperException naming the backup file when {@code target} is
   *     a folder or cannot be written
   */
  public static ArchiveWriter toFile(Path target) {
    return new ArchiveWriter(ArchiveOutput.file(target));
  }

  /** An archive written to the process's standard output (the file name {@code -}), for piping. */
  public static ArchiveWriter toStandardOutput() {
    return new ArchiveWriter(ArchiveOutput.standardOutput());
  }

  /**
   * Refuses a backup file that is a folder, before anything is read.
   *
   * @throws io.github.pgkeeper.core.PgKeeperException naming the backup file
   */
  public static void checkTarget(Path target) {
    ArchiveOutput.refuseFolder(target);
  }

  /**
   * Whether {@code target} is a pipe, a FIFO or a device, written straight rather than through a
   * temporary file: a failed backup leaves there what it had written.
   */
  public static boolean writesStraight(Path target) {
    return ArchiveOutput.writesStraight(target.toAbsolutePath().normalize());
  }

  /** Where the archive ends up, or null for standard output. */
  public Path target() {
    return output.target();
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
    archiveHeader.tables().forEach(t -> tablesById.put(t.id(), t));
    byte[] json = ArchiveFormat.toJson(archiveHeader);
    writeListedEntry(ArchiveFormat.HEADER, json);
  }

  /**
   * Writes the schema entry the header announces ({@link ArchiveHeader#schema()}), as UTF-8 text
   * compressed with the archive's codec ({@link ArchiveFormat#schemaEntry}); must come right after
   * the header.
   */
  public void writeSchema(String schemaSql) throws IOException {
    if (header == null || entries.size() != 1 || !header.hasSchema()) {
      throw new IllegalStateException("the schema comes right after a header that announces it");
    }
    String name = ArchiveFormat.schemaEntry(header.formatVersion(), codec);
    if (!name.equals(header.schema().entry())) {
      throw new IllegalStateException(
          "the header names the schema entry " + header.schema().entry() + " instead of " + name);
    }
    byte[] text = schemaSql.getBytes(StandardCharsets.UTF_8);
    if (header.formatVersion() < ArchiveFormat.FIRST_VERSION_WITH_PACKED_PARTS) {
      writeListedEntry(name, text);
    } else {
      // At 5,000 tables the schema's SQL was 4 MB as text, and 60 kB compressed.
      ByteSink sink = new ByteSink(text.length / 4 + 1024);
      try (OutputStream out = codec.compressor(sink, header.compressionLevel())) {
        out.write(text);
      }
      writeEntry(name, sink.buffer(), sink.length());
      entries.add(
          new ManifestEntry(
              name,
              sink.length(),
              Sha256.hex(sink.buffer(), 0, sink.length()),
              null,
              null,
              (long) text.length,
              null));
    }
    schemaWritten = true;
  }

  /** An entry that is not a data part, checksummed in the manifest. */
  private void writeListedEntry(String name, byte[] content) throws IOException {
    writeEntry(name, content, content.length);
    entries.add(
        new ManifestEntry(
            name, content.length, Sha256.hex(content, 0, content.length), null, null, null, null));
  }

  private void requireSchema() {
    if (header.hasSchema() && !schemaWritten) {
      throw new IllegalStateException("write the schema the header announces first");
    }
  }

  /**
   * Appends an encoded data part of a table of the header, or a packed part of several (numbered
   * here, in the order written).
   */
  public void writePart(DataPart part) throws IOException {
    if (header == null) {
      throw new IllegalStateException("write the header before any data part");
    }
    requireSchema();
    if (part.isPacked()) {
      if (header.formatVersion() < ArchiveFormat.FIRST_VERSION_WITH_PACKED_PARTS) {
        throw new IllegalStateException(
            "format " + header.formatVersion() + " has no packed parts");
      }
      part.ranges().forEach(r -> requireData(r.table()));
    } else {
      requireData(part.tableId());
    }
    String name =
        part.isPacked()
            ? ArchiveFormat.packedPartName(packedParts + 1, codec)
            : ArchiveFormat.partName(part.tableId(), part.part(), codec);
    if (!names.add(name)) {
      throw new IllegalStateException("entry written twice: " + name);
    }
    if (part.isPacked()) {
      packedParts++;
    }
    TarArchiveEntry entry = newEntry(name, part.storedBytes());
    entryOpen = true;
    tar.putArchiveEntry(entry);
    part.writeTo(tar);
    tar.closeArchiveEntry();
    entryOpen = false;
    entries.add(
        new ManifestEntry(
            name,
            part.storedBytes(),
            part.sha256(),
            part.tableId(),
            part.isPacked() ? null : part.part(),
            part.rawBytes(),
            part.rows(),
            part.ranges()));
  }

  private void requireData(String tableId) {
    TableInfo table = tablesById.get(tableId);
    if (table == null) {
      throw new IllegalArgumentException("no table " + tableId);
    }
    if (!table.dataIncluded()) {
      throw new IllegalArgumentException(table.displayName() + " has its data excluded");
    }
  }

  /**
   * Appends the manifest and its checksum and completes the tar; then forces a file to disk and
   * renames it to the target, or closes the stream.
   */
  public Manifest finish() throws IOException {
    if (header == null) {
      throw new IllegalStateException("no header written");
    }
    requireSchema();
    Manifest built = buildManifest();
    byte[] json = ArchiveFormat.toJson(built);
    writeEntry(ArchiveFormat.MANIFEST, json, json.length);
    byte[] checksum = ArchiveFormat.manifestChecksumLine(Sha256.hex(json, 0, json.length));
    writeEntry(ArchiveFormat.MANIFEST_CHECKSUM, checksum, checksum.length);
    tar.finish();
    // tar.flush() stops at Commons Compress's record buffer: flush our own buffer below it, or the
    // last megabyte (the manifest with it) never reaches a stream, nor the disk before the rename.
    counter.flush();
    output.complete();
    closed = true;
    manifest = built;
    return built;
  }

  private Manifest buildManifest() {
    Map<String, long[]> sums = new LinkedHashMap<>(); // rows, raw, stored, parts
    Map<String, List<Integer>> numbers = new HashMap<>();
    Set<String> packed = new HashSet<>();
    for (TableInfo table : header.tables()) {
      if (table.dataIncluded()) {
        sums.put(table.id(), new long[4]);
      }
    }
    long stored = 0;
    for (ManifestEntry entry : entries) {
      if (entry.isPacked()) {
        stored += entry.size();
        for (PackedRange range : entry.ranges()) {
          if (!packed.add(range.table())) {
            throw new IllegalStateException(range.table() + " is packed twice");
          }
          long[] sum = sums.get(range.table());
          sum[0] += range.rows();
          sum[1] += range.length();
          sum[3]++; // its stored bytes are the packed part's, shared
        }
      } else if (entry.isDataPart()) {
        stored += entry.size();
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
    for (TableInfo table : header.tables()) {
      long[] sum = sums.get(table.id());
      if (sum == null) {
        continue;
      }
      List<Integer> parts = numbers.getOrDefault(table.id(), new ArrayList<>());
      if (packed.contains(table.id()) && !parts.isEmpty()) {
        throw new IllegalStateException(table.displayName() + " is packed and has parts");
      }
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
    }
    return new Manifest(
        ArchiveFormat.VERSION, Instant.now().toString(), entries, tables, rows, raw, stored);
  }

  private void writeEntry(String name, byte[] content, int length) throws IOException {
    if (!names.add(name)) {
      throw new IllegalStateException("entry written twice: " + name);
    }
    entryOpen = true;
    tar.putArchiveEntry(newEntry(name, length));
    tar.write(content, 0, length);
    tar.closeArchiveEntry();
    entryOpen = false;
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

  /**
   * Completes nothing: an unfinished archive is discarded. A temporary file is deleted; a stream is
   * ended inside a {@link ArchiveFormat#FAILED_ENTRY} entry (or inside the entry being written), so
   * that no reader takes it for a complete archive.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (output.isStream()) {
      try {
        if (!entryOpen) {
          // Its header declares content that never follows: tar stops with an unexpected end.
          tar.putArchiveEntry(newEntry(ArchiveFormat.FAILED_ENTRY, FAILED_ENTRY_SIZE));
        }
        counter.flush();
      } catch (IOException | RuntimeException ignored) {
        // The stream is broken already: its reader sees it end early either way.
      }
    }
    output.discard();
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
