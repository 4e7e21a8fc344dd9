package io.github.pgkeeper.core.archive;

/**
 * What the archive holds of one table: the sums over its data parts.
 *
 * @param id the {@link TableInfo#id()}
 * @param rows rows, to compare with what a restore loads
 * @param rawBytes size of the COPY text
 * @param storedBytes size of its compressed parts of its own (0 for a table packed with others: the
 *     packed part's size is shared)
 * @param parts number of data parts holding its text, a packed part counting once (0 for an empty
 *     table)
 */
public record TableTotals(
    String id, String schema, String name, long rows, long rawBytes, long storedBytes, int parts) {}
