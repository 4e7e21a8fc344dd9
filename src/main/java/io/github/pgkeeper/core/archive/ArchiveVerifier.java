package io.github.pgkeeper.core.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * Checks an archive offline, reading every byte: the header comes first and the manifest last,
 * every entry is listed in the manifest with its size and SHA-256, every data part decompresses to
 * the size and row count the manifest records (for a packed part, each of its tables' ranges too),
 * and every table whose data is included has all its parts, or exactly one range of a packed part.
 * Reports every problem at once, each naming its entry.
 */
public final class ArchiveVerifier {
  private static final int MAX_REPORTED = 20;

  private ArchiveVerifier() {}

  /**
   * @throws ArchiveCorruptException listing the problems, when there is any
   */
  public static VerifyReport verify(Path file) {
    try (ArchiveReader reader = ArchiveReader.open(file)) {
      List<String> problems = new ArrayList<>();
      checkLayout(reader, problems);
      checkEntries(reader, problems);
      checkSchema(reader, problems);
      checkCompleteness(reader, problems);
      if (!problems.isEmpty()) {
        throw report(file, problems);
      }
      return new VerifyReport(
          file, Files.size(file), reader.header(), reader.manifest(), reader.entryNames().size());
    } catch (IOException e) {
      throw ArchiveReader.corrupt(file, "cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The checks that need no data part read: the layout, the completeness of the manifest, and the
   * checksum of every entry that is not a data part (the header). db:restore runs this before it
   * changes anything and checks each data part as it streams it, inside its transaction.
   *
   * @throws ArchiveCorruptException listing the problems, when there is any
   */
  public static void verifyStructure(ArchiveReader reader) {
    List<String> problems = new ArrayList<>();
    checkLayout(reader, problems);
    Map<String, TarArchiveEntry> stored = new HashMap<>();
    for (TarArchiveEntry entry : reader.tarEntries()) {
      stored.putIfAbsent(entry.getName(), entry);
    }
    byte[] buffer = new byte[64 * 1024];
    for (ManifestEntry entry : reader.manifest().entries()) {
      TarArchiveEntry tarEntry = stored.get(entry.name());
      if (tarEntry == null) {
        problems.add("entry " + entry.name() + " is listed in the manifest but missing");
      } else if (tarEntry.getSize() != entry.size()) {
        problems.add(
            "entry "
                + entry.name()
                + " holds "
                + tarEntry.getSize()
                + " bytes where the manifest records "
                + entry.size());
      } else if (!entry.isDataPart()) {
        String problem = checkEntry(reader, entry, buffer);
        if (problem != null) {
          problems.add("entry " + entry.name() + " " + problem);
        }
      }
    }
    checkSchema(reader, problems);
    checkCompleteness(reader, problems);
    if (!problems.isEmpty()) {
      throw report(reader.file(), problems);
    }
  }

  /**
   * Format 2 and later: the schema entry is there, right after the header, and reads back as the
   * objects the header counts. Its checksum is checked with every other entry's.
   */
  private static void checkSchema(ArchiveReader reader, List<String> problems) {
    ArchiveHeader header = reader.header();
    if (!header.hasSchema()) {
      if (header.formatVersion() >= ArchiveFormat.FIRST_VERSION_WITH_SCHEMA) {
        problems.add(
            "the header of this format-"
                + header.formatVersion()
                + " archive does not describe its "
                + ArchiveFormat.SCHEMA);
      }
      return;
    }
    String schema = ArchiveFormat.schemaEntry(header.formatVersion(), header.codec());
    List<String> names = reader.entryNames();
    if (names.size() < 2 || !names.get(1).equals(schema)) {
      problems.add(
          "entry "
              + schema
              + " is not stored right after "
              + ArchiveFormat.HEADER
              + (names.contains(schema) ? "" : ": it is missing"));
      if (!names.contains(schema)) {
        return;
      }
    }
    String entry = "entry " + schema + " ";
    if (problems.stream().anyMatch(p -> p.startsWith(entry))) {
      return; // damaged: reported with its checksum already
    }
    try {
      int objects = reader.schemaModel().orElseThrow().objects().size();
      if (objects != header.schema().objects()) {
        problems.add(
            entry
                + "holds "
                + objects
                + " objects where the header records "
                + header.schema().objects());
      }
    } catch (ArchiveCorruptException e) {
      // "The backup archive <file> has a damaged schema.sql: …." → "it has a damaged …"
      String prefix = "The backup archive " + reader.file() + " ";
      String message = e.getMessage();
      problems.add(
          message.startsWith(prefix)
              ? "it " + message.substring(prefix.length()).replaceAll("\\.$", "")
              : message);
    }
  }

  private static void checkLayout(ArchiveReader reader, List<String> problems) {
    List<String> names = reader.entryNames();
    int n = names.size();
    if (n < 3
        || !names.get(n - 2).equals(ArchiveFormat.MANIFEST)
        || !names.get(n - 1).equals(ArchiveFormat.MANIFEST_CHECKSUM)) {
      problems.add(
          "the last entries are not "
              + ArchiveFormat.MANIFEST
              + " and "
              + ArchiveFormat.MANIFEST_CHECKSUM
              + " (entries were appended after the manifest, or it is out of place)");
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        problems.add("entry " + name + " is stored twice");
      }
    }
    Set<String> listed = new HashSet<>();
    reader.manifest().entries().forEach(e -> listed.add(e.name()));
    listed.add(ArchiveFormat.MANIFEST);
    listed.add(ArchiveFormat.MANIFEST_CHECKSUM);
    for (String name : names) {
      if (!listed.contains(name)) {
        problems.add("entry " + name + " is not listed in the manifest");
      }
    }
  }

  private static void checkEntries(ArchiveReader reader, List<String> problems) {
    Map<String, TarArchiveEntry> stored = new HashMap<>();
    for (TarArchiveEntry entry : reader.tarEntries()) {
      stored.putIfAbsent(entry.getName(), entry);
    }
    byte[] buffer = new byte[256 * 1024];
    for (ManifestEntry entry : reader.manifest().entries()) {
      TarArchiveEntry tarEntry = stored.get(entry.name());
      if (tarEntry == null) {
        problems.add("entry " + entry.name() + " is listed in the manifest but missing");
        continue;
      }
      if (tarEntry.getSize() != entry.size()) {
        problems.add(
            "entry "
                + entry.name()
                + " holds "
                + tarEntry.getSize()
                + " bytes where the manifest records "
                + entry.size());
        continue;
      }
      if (entry.isPacked()) {
        checkPacked(reader, entry, problems);
        continue;
      }
      String problem = checkEntry(reader, entry, buffer);
      if (problem != null) {
        problems.add("entry " + entry.name() + " " + problem);
      }
    }
  }

  /** A packed part read whole: its checksum, size, and each table's rows and row boundary. */
  private static void checkPacked(
      ArchiveReader reader, ManifestEntry entry, List<String> problems) {
    try {
      PackedPart.read(reader, entry);
    } catch (CheckedPart.Damaged e) {
      problems.add(
          "entry "
              + entry.name()
              + ", which holds the rows of "
              + PackedPart.tables(reader.header(), entry, null)
              + ", "
              + e.getMessage());
    }
  }

  /** Reads one entry through its checksum (and, for a data part, through its decompressor). */
  private static String checkEntry(ArchiveReader reader, ManifestEntry entry, byte[] buffer) {
    try {
      CheckedPart part = reader.openPart(entry);
      long rows = 0;
      if (entry.isEncoded()) { // decompressed to check its size; the rows of a data part counted
        for (int n; (n = readPart(part, buffer)) >= 0; ) {
          rows += DataPart.countRows(buffer, 0, n);
        }
      }
      String problem = part.finish();
      if (problem == null && entry.isDataPart() && rows != entry.rows()) {
        problem = "holds " + rows + " rows where the manifest records " + entry.rows();
      }
      return problem;
    } catch (EntryInputStream.TruncatedEntryException e) {
      return "is cut short: the archive is truncated";
    } catch (CheckedPart.OversizedPartException e) {
      return e.getMessage();
    } catch (IOException e) {
      return "cannot be read or decompressed (" + e.getMessage() + "): its content is damaged";
    }
  }

  private static int readPart(CheckedPart part, byte[] buffer) throws IOException {
    int n;
    while ((n = part.read(buffer, 0, buffer.length)) == 0) {
      // a decompressor may return 0 between frames
    }
    return n;
  }

  private static void checkCompleteness(ArchiveReader reader, List<String> problems) {
    ArchiveHeader header = reader.header();
    Manifest manifest = reader.manifest();
    if (manifest.entry(ArchiveFormat.HEADER).isEmpty()) {
      problems.add("the manifest does not list " + ArchiveFormat.HEADER);
    }
    Set<String> dataTables = new HashSet<>();
    Map<String, TableTotals> totalsById = manifest.totalsById();
    for (TableInfo table : header.tables()) {
      if (!table.dataIncluded()) {
        continue;
      }
      dataTables.add(table.id());
      TableTotals totals = totalsById.get(table.id());
      if (totals == null) {
        problems.add("the manifest has no totals for table " + table.displayName());
        continue;
      }
      List<TablePiece> pieces = reader.pieces(table.id());
      if (pieces.stream().anyMatch(TablePiece::packed) && pieces.size() > 1) {
        problems.add(
            "table "
                + table.displayName()
                + " is stored more than once: in "
                + pieces.stream().map(p -> p.entry().name()).distinct().toList());
        continue;
      }
      long rows = 0;
      long raw = 0;
      int previous = 0;
      for (TablePiece piece : pieces) {
        if (!ArchiveFormat.partFollows(previous, piece.part())) {
          problems.add(
              "table "
                  + table.displayName()
                  + " misses data part "
                  + (previous + 1)
                  + " (parts are "
                  + pieces.stream().map(TablePiece::part).toList()
                  + ")");
          break;
        }
        previous = piece.part();
        rows += piece.rows();
        raw += piece.length();
      }
      if (pieces.size() != totals.parts() || rows != totals.rows() || raw != totals.rawBytes()) {
        problems.add(
            "table "
                + table.displayName()
                + " has "
                + pieces.size()
                + " parts with "
                + rows
                + " rows, but the manifest's totals say "
                + totals.parts()
                + " parts with "
                + totals.rows()
                + " rows");
      }
    }
    for (ManifestEntry entry : manifest.entries()) {
      List<String> tables =
          entry.isPacked()
              ? entry.ranges().stream().map(PackedRange::table).toList()
              : entry.isDataPart() ? List.of(entry.table()) : List.of();
      for (String table : tables) {
        if (!dataTables.contains(table)) {
          problems.add(
              "entry "
                  + entry.name()
                  + " holds rows of table "
                  + table
                  + ", which the header does not list with data");
        }
      }
    }
  }

  private static ArchiveCorruptException report(Path file, List<String> problems) {
    StringBuilder message =
        new StringBuilder("The backup archive ")
            .append(file)
            .append(" is damaged (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append("); do not restore from it:");
    problems.stream()
        .limit(MAX_REPORTED)
        .forEach(p -> message.append(System.lineSeparator()).append("  - ").append(p));
    if (problems.size() > MAX_REPORTED) {
      message
          .append(System.lineSeparator())
          .append("  … and ")
          .append(problems.size() - MAX_REPORTED)
          .append(" more");
    }
    return new ArchiveCorruptException(message.toString());
  }
}
