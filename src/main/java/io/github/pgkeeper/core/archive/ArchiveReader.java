package io.github.pgkeeper.core.archive;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.schema.SchemaModel;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Reads an archive written by {@link ArchiveWriter}. {@link #open} indexes the tar and reads the
 * header and the manifest, checking the manifest's own checksum, so an incomplete or truncated
 * archive is refused before anything else. Entry checksums are checked as entries are read ({@link
 * #openTableData}) or all at once by {@link ArchiveVerifier}.
 *
 * <p>Entries are read with positional reads: several tables can be streamed at the same time, from
 * different threads, through one reader.
 */
public final class ArchiveReader implements Closeable {
  private static final int READ_BUFFER = 256 * 1024;

  /**
   * Packed parts kept decompressed: a restore loads tables in load order, which is the order they
   * were packed in by each COPY worker, so a few parts (one per worker) serve every table.
   */
  private static final int PACKED_CACHE = 8;

  private final Path file;
  private final FileChannel channel;
  private final List<TarArchiveEntry> tarEntries;
  private final Map<String, TarArchiveEntry> byName;
  private final ArchiveHeader header;

  private final Manifest manifest;
  private final Codec codec;

  /** Each table's pieces of COPY text, in part order. */
  private final Map<String, List<TablePiece>> pieces;

  /** The header's tables and the manifest's totals by table id: looked up once per table. */
  private final Map<String, TableInfo> tablesById = new HashMap<>();

  private final Map<String, TableTotals> totalsById;

  /** Checked, decompressed packed parts by entry name, least recently used first. */
  private final Map<String, byte[]> packedTexts =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > PACKED_CACHE;
        }
      };

  /** The parsed schema entry, once read; null until then. */
  private Optional<SchemaModel> schemaModel;

  private ArchiveReader(
      Path file,
      FileChannel channel,
      List<TarArchiveEntry> tarEntries,
      Map<String, TarArchiveEntry> byName,
      ArchiveHeader header,
      Manifest manifest) {
    this.file = file;
    this.channel = channel;
    this.tarEntries = tarEntries;
    this.byName = byName;
    this.header = header;
    this.manifest = manifest;
    this.codec = header.codec();
    this.pieces = indexPieces(manifest);
    header.tables().forEach(t -> tablesById.putIfAbsent(t.id(), t));
    this.totalsById = manifest.totalsById();
  }

  private static Map<String, List<TablePiece>> indexPieces(Manifest manifest) {
    Map<String, List<TablePiece>> pieces = new HashMap<>();
    for (ManifestEntry entry : manifest.entries()) {
      if (entry.isPacked()) {
        for (PackedRange range : entry.ranges()) {
          pieces
              .computeIfAbsent(range.table(), t -> new ArrayList<>())
              .add(TablePiece.range(entry, range));
        }
      } else if (entry.isDataPart()) {
        pieces
            .computeIfAbsent(entry.table(), t -> new ArrayList<>())
            .add(TablePiece.ownPart(entry));
      }
    }
    pieces.values().forEach(list -> list.sort(Comparator.comparingInt(TablePiece::part)));
    return pieces;
  }

  /**
   * Opens an archive and reads its header and manifest.
   *
   * @throws PgKeeperException when the file does not exist
   * @throws ArchiveCorruptException when it is not a complete archive: not a tar, no header first,
   *     no manifest or manifest checksum, a manifest that does not match its checksum, or a format
   *     newer than this reader
   */
  public static ArchiveReader open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new PgKeeperException(
          "There is no backup archive at " + file.toAbsolutePath() + ".", Setting.ARCHIVE_FILE);
    }
    List<TarArchiveEntry> entries = index(file);
    Map<String, TarArchiveEntry> byName = new LinkedHashMap<>();
    for (TarArchiveEntry entry : entries) {
      byName.putIfAbsent(entry.getName(), entry);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new PgKeeperException(
          "Cannot read " + file + ": " + e.getMessage(), Setting.ARCHIVE_FILE, e);
    }
    try {
      if (entries.isEmpty() || !entries.get(0).getName().equals(ArchiveFormat.HEADER)) {
        throw corrupt(
            file,
            "does not start with "
                + ArchiveFormat.HEADER
                + ": it is not a pgkeeper backup, or its beginning is damaged");
      }
      ArchiveHeader header =
          ArchiveFormat.fromJson(readAll(channel, file, entries.get(0)), ArchiveHeader.class);
      if (header.formatVersion() > ArchiveFormat.VERSION) {
        throw corrupt(
            file,
            "is in backup format "
                + header.formatVersion()
                + ", written by a newer pgkeeper ("
                + header.toolVersion()
                + "); this version reads format "
                + ArchiveFormat.VERSION
                + ". Use a newer plugin version");
      }
      Manifest manifest = readManifest(file, channel, byName);
      return new ArchiveReader(file, channel, List.copyOf(entries), byName, header, manifest);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Reporting the first problem.
      }
      if (e instanceof PgKeeperException known) {
        throw known;
      }
      throw corrupt(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<TarArchiveEntry> index(Path file) {
    try (TarFile tar = new TarFile(file)) {
      return new ArrayList<>(tar.getEntries());
    } catch (IOException | RuntimeException e) {
      if (endsInsideABlock(file)) {
        throw corrupt(
            file,
            "is truncated ("
                + e.getMessage()
                + "): it ends inside a 512-byte tar block, so the backup that wrote it did not"
                + " finish or the file was cut short. Do not rely on it; take a new backup",
            e);
      }
      throw corrupt(
          file,
          "is not a readable tar archive ("
              + e.getMessage()
              + "): it is truncated, damaged, or not a pgkeeper backup",
          e);
    }
  }

  /** A tar file is whole 512-byte blocks: one that is not was cut short. */
  private static boolean endsInsideABlock(Path file) {
    try {
      return Files.size(file) % 512 != 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static Manifest readManifest(
      Path file, FileChannel channel, Map<String, TarArchiveEntry> byName) throws IOException {
    TarArchiveEntry manifestEntry = byName.get(ArchiveFormat.MANIFEST);
    TarArchiveEntry checksumEntry = byName.get(ArchiveFormat.MANIFEST_CHECKSUM);
    if (manifestEntry == null || checksumEntry == null) {
      throw corrupt(
          file,
          "has no "
              + (manifestEntry == null ? ArchiveFormat.MANIFEST : ArchiveFormat.MANIFEST_CHECKSUM)
              + ", which a complete backup ends with: the archive is truncated, or the backup that"
              + " wrote it did not finish. Do not rely on it; take a new backup");
    }
    byte[] json = readAll(channel, file, manifestEntry);
    String recorded = new String(readAll(channel, file, checksumEntry), StandardCharsets.US_ASCII);
    String actual = Sha256.hex(json, 0, json.length);
    if (!recorded.startsWith(actual + "  ")) {
      throw corrupt(
          file,
          "has a damaged manifest: the SHA-256 of "
              + ArchiveFormat.MANIFEST
              + " is "
              + actual
              + " but "
              + ArchiveFormat.MANIFEST_CHECKSUM
              + " records "
              + recorded.strip());
    }
    Manifest manifest = ArchiveFormat.fromJson(json, Manifest.class);
    for (ManifestEntry entry : manifest.entries()) {
      String missing = missingField(entry);
      if (missing != null) {
        throw corrupt(
            file,
            "has a manifest entry "
                + entry.name()
                + " without a valid "
                + missing
                + ": it was not written by pgkeeper, or it was altered");
      }
      String tiling = entry.isPacked() ? PackedPart.tilingProblem(entry) : null;
      if (tiling != null) {
        throw corrupt(
            file,
            "has a packed part "
                + entry.name()
                + " that "
                + tiling
                + " (in its manifest): it was not written by pgkeeper, or it was altered");
      }
    }
    return manifest;
  }

  /**
   * The field an entry lacks or holds out of range, or null. Every read is bounded by these sizes
   * (a data part's decompression stops at its {@code rawBytes}), so they must all be there.
   */
  private static String missingField(ManifestEntry entry) {
    if (entry.name() == null) {
      return "name";
    }
    if (entry.size() < 0) {
      return "size";
    }
    if (entry.sha256() == null) {
      return "sha256";
    }
    if (!entry.isDataPart()) {
      return entry.isEncoded() && entry.rawBytes() < 0 ? "rawBytes" : null;
    }
    if (entry.isPacked() ? entry.table() != null : entry.part() == null || entry.part() < 1) {
      return entry.isPacked() ? "table (a packed part has ranges instead)" : "part";
    }
    if (entry.rawBytes() == null || entry.rawBytes() < 0) {
      return "rawBytes";
    }
    if (entry.rows() == null || entry.rows() < 0) {
      return "rows";
    }
    return null;
  }

  private static byte[] readAll(FileChannel channel, Path file, TarArchiveEntry entry)
      throws IOException {
    if (entry.getSize() > 256L * 1024 * 1024) {
      throw corrupt(file, "has an entry " + entry.getName() + " too large to be what it says");
    }
    try (InputStream in =
        new EntryInputStream(channel, entry.getName(), entry.getDataOffset(), entry.getSize())) {
      return in.readAllBytes();
    } catch (EntryInputStream.TruncatedEntryException e) {
      throw corrupt(file, "is truncated: " + e.getMessage(), e);
    }
  }

  static ArchiveCorruptException corrupt(Path file, String problem) {
    return new ArchiveCorruptException("The backup archive " + file + " " + problem + ".");
  }

  static ArchiveCorruptException corrupt(Path file, String problem, Throwable cause) {
    return new ArchiveCorruptException("The backup archive " + file + " " + problem + ".", cause);
  }

  public Path file() {
    return file;
  }

  public ArchiveHeader header() {
    return header;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** A table's totals in the manifest, found without scanning it. */
  public Optional<TableTotals> totals(String tableId) {
    return Optional.ofNullable(totalsById.get(tableId));
  }

  /**
   * The schema entry's SQL ({@link ArchiveFormat#SCHEMA}, format 2 and later), read whole and
   * checked against the manifest's size and SHA-256; empty for a format-1 archive.
   *
   * @throws ArchiveCorruptException when the header announces a schema entry that is missing, not
   *     listed, damaged, or not UTF-8 text
   */
  public Optional<String> schemaSql() {
    if (!header.hasSchema()) {
      return Optional.empty();
    }
    String name = header.schema().entry();
    String expected = ArchiveFormat.schemaEntry(header.formatVersion(), codec);
    if (!expected.equals(name)) {
      throw corrupt(file, "names its schema entry " + name + " instead of " + expected);
    }
    TarArchiveEntry entry = byName.get(name);
    ManifestEntry listed = manifest.entry(name).orElse(null);
    if (entry == null || listed == null) {
      throw corrupt(
          file,
          (entry == null ? "has no entry " : "does not list its entry ")
              + name
              + (entry == null ? ", which its header announces" : " in its manifest"));
    }
    boolean compressed = header.formatVersion() >= ArchiveFormat.FIRST_VERSION_WITH_PACKED_PARTS;
    if (compressed != listed.isEncoded()) {
      throw corrupt(
          file,
          "has a manifest entry "
              + name
              + (compressed ? " without" : " with")
              + " the rawBytes of format "
              + header.formatVersion()
              + ": it was not written by pgkeeper, or it was altered");
    }
    try {
      byte[] bytes = CheckedPart.readWhole(this, listed);
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CheckedPart.Damaged e) {
      throw corrupt(file, "has a damaged " + name + ": it " + e.getMessage(), e);
    } catch (CharacterCodingException e) {
      throw corrupt(file, "has a " + name + " that is not UTF-8 text", e);
    }
  }

  /**
   * The schema the archive stores, read back from {@link #schemaSql()}; empty for format 1.
   *
   * @throws ArchiveCorruptException when the entry is damaged or is not such a file, naming the
   *     line
   */
  public Optional<SchemaModel> schemaModel() {
    // Read and parsed once: the verifier and the restore both need it (1,000 tables: 1.7 MB).
    if (schemaModel == null) {
      schemaModel = readSchemaModel();
    }
    return schemaModel;
  }

  private Optional<SchemaModel> readSchemaModel() {
    return schemaSql()
        .map(
            sql -> {
              try {
                return SchemaModel.parse(sql);
              } catch (RuntimeException e) {
                throw corrupt(
                    file,
                    "has a "
                        + ArchiveFormat.SCHEMA
                        + " that is not the schema a backup writes ("
                        + e.getMessage()
                        + ")",
                    e);
              }
            });
  }

  /** The entry names in the order they are stored. */
  public List<String> entryNames() {
    return tarEntries.stream().map(TarArchiveEntry::getName).toList();
  }

  List<TarArchiveEntry> tarEntries() {
    return Collections.unmodifiableList(tarEntries);
  }

  /** The stored (compressed) bytes of an entry, not checked. */
  public InputStream openEntry(String name) {
    TarArchiveEntry entry = byName.get(name);
    if (entry == null) {
      throw corrupt(file, "has no entry " + name + ", which its manifest lists");
    }
    return new EntryInputStream(channel, name, entry.getDataOffset(), entry.getSize());
  }

  /**
   * A table's rows as one stream of COPY text (UTF-8), ready for {@code COPY table (columns) FROM
   * STDIN}: its parts decompressed one after the other. Each part's size and SHA-256 are checked
   * when the stream reaches its end; a mismatch throws {@link ArchiveCorruptException} (unchecked,
   * so it passes through pgjdbc's {@code CopyManager.copyIn} unchanged) naming the entry. Bytes of
   * a bad part may already have been read by then: load inside a transaction and roll back.
   *
   * @throws IllegalArgumentException when the archive has no data for that table
   */
  public InputStream openTableData(String tableId) {
    TableInfo table = tablesById.get(tableId);
    if (table == null) {
      throw new IllegalArgumentException("no table " + tableId + " in " + file);
    }
    if (!table.dataIncluded()) {
      throw new IllegalArgumentException(table.displayName() + " has no data in " + file);
    }
    return new TableDataStream(this, table, pieces(tableId));
  }

  /** A table's pieces of COPY text, in part order: its own parts, or its range of a packed part. */
  List<TablePiece> pieces(String tableId) {
    return pieces.getOrDefault(tableId, List.of());
  }

  /**
   * A packed part's text, read whole and checked ({@link PackedPart#read}) the first time, then
   * kept for the next tables of the part.
   *
   * @param tableId the table being read, named first when the part is damaged
   * @throws ArchiveCorruptException naming the part and its tables when it is damaged
   */
  synchronized byte[] packedText(ManifestEntry part, String tableId) {
    byte[] text = packedTexts.get(part.name());
    if (text == null) {
      try {
        text = PackedPart.read(this, part);
      } catch (CheckedPart.Damaged e) {
        throw corrupt(
            file,
            "is damaged: entry "
                + part.name()
                + ", which holds the rows of "
                + PackedPart.tables(header, part, tableId)
                + ", "
                + e.getMessage(),
            e);
      }
      packedTexts.put(part.name(), text);
    }
    return text;
  }

  /** The content of an entry (decompressed for a data part), read through its checksum. */
  CheckedPart openPart(ManifestEntry part) throws IOException {
    // The buffer sits above the digest: gzip marks and re-reads its input, which must not count
    // twice.
    CheckedPart.Digesting digesting = new CheckedPart.Digesting(openEntry(part.name()));
    InputStream buffered = new BufferedInputStream(digesting, READ_BUFFER);
    Codec stored = part.isEncoded() ? codec : Codec.NONE;
    return new CheckedPart(part, digesting, stored.decompressor(buffered));
  }

  Codec codec() {
    return codec;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
