package io.github.pgkeeper.core.archive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What a verified archive holds, for db:verify-backup to print. */
public record VerifyReport(
    Path file, long fileSize, ArchiveHeader header, Manifest manifest, int entryCount) {

  /** A summary: the archive, where it came from, and a line per table. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Backup "
            + file
            + " is intact: "
            + entryCount
            + " entries, every checksum matches, the manifest is complete.");
    lines.add(
        "  Database "
            + header.database()
            + " on PostgreSQL "
            + header.serverVersion()
            + " ("
            + header.encoding()
            + "), taken "
            + header.createdAt()
            + " by pgkeeper "
            + header.toolVersion()
            + ", format "
            + header.formatVersion());
    MigrationHistory history = header.history();
    lines.add(
        "  Migrations: "
            + history.migrations().size()
            + " recorded in "
            + history.schema()
            + "."
            + history.table()
            + (history.currentVersion() == null
                ? ""
                : ", current version " + history.currentVersion()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  %d tables, %,d rows, %s of COPY text in %s (%s level %d, ratio %.1f), %d sequences,"
                + " %d materialized views",
            header.tables().size(),
            manifest.rows(),
            Sizes.megabytes(manifest.rawBytes()),
            Sizes.megabytes(fileSize),
            header.compression(),
            header.compressionLevel(),
            fileSize == 0 ? 0.0 : (double) manifest.rawBytes() / fileSize,
            header.sequences().size(),
            header.materializedViews().size()));
    lines.add(
        header.hasSchema()
            ? "  Schema: "
                + header.schema().objects()
                + " object(s) in "
                + header.schema().entry()
                + (header.schema().warnings().isEmpty()
                    ? ", every object of the schemas reproduced"
                    : ", " + header.schema().warnings().size() + " not reproduced:")
            : "  Schema: not stored (format 1); an empty database is rebuilt from the archive's"
                + " migrations");
    if (header.hasSchema()) {
      header.schema().warnings().forEach(w -> lines.add("    cannot reproduce: " + w));
    }
    int width = header.tables().stream().mapToInt(t -> t.displayName().length()).max().orElse(10);
    Map<String, TableTotals> totals = manifest.totalsById();
    for (TableInfo table : header.tables()) {
      String name = String.format(Locale.ROOT, "%-" + width + "s", table.displayName());
      lines.add(
          Optional.ofNullable(totals.get(table.id()))
              .map(
                  t ->
                      String.format(
                          Locale.ROOT,
                          "    %s %,12d rows %10s",
                          name,
                          t.rows(),
                          Sizes.megabytes(t.rawBytes())))
              .orElse("    " + name + "   (definition only, data excluded)"));
    }
    return lines;
  }
}
