package io.github.pgkeeper.core.archive;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trailer of an archive ({@code manifest.json}), written once every part is stored: the
 * checksum of every entry before it and the totals of every table whose data is included. Its own
 * SHA-256 follows in {@code manifest.sha256}. An archive without both is incomplete.
 */
public record Manifest(
    int formatVersion,
    String completedAt,
    List<ManifestEntry> entries,
    List<TableTotals> tables,
    long rows,
    long rawBytes,
    long storedBytes) {

  public Manifest {
    entries = List.copyOf(entries);
    tables = List.copyOf(tables);
  }

  /**
   * Each table's totals by its id: for callers that visit every table (thousands, in
   * schema-per-tenant databases), instead of {@link #totals} per table, which scans the list.
   */
  public Map<String, TableTotals> totalsById() {
    Map<String, TableTotals> byId = new HashMap<>();
    tables.forEach(t -> byId.putIfAbsent(t.id(), t));
    return byId;
  }

  public Optional<TableTotals> totals(String tableId) {
    return tables.stream().filter(t -> t.id().equals(tableId)).findFirst();
  }

  /** The data parts of a table, in part order. */
  public List<ManifestEntry> parts(String tableId) {
    return entries.stream()
        .filter(e -> tableId.equals(e.table()))
        .sorted(java.util.Comparator.comparing(ManifestEntry::part))
        .toList();
  }

  public Optional<ManifestEntry> entry(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }
}
