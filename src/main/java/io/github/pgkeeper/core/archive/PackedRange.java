package io.github.pgkeeper.core.archive;

/**
 * One table's COPY text inside a packed part (format 3): bytes {@code [offset, offset + length)} of
 * the part's decompressed text. The ranges of a part, in the manifest's order, tile it exactly: the
 * first starts at 0, each starts where the one before ends, the last ends at the part's {@code
 * rawBytes}. Each ends at a row boundary (a newline).
 *
 * @param table the {@link TableInfo#id()} whose whole COPY text this is
 * @param offset where it starts in the decompressed part
 * @param length its size in bytes, more than 0 (a table without rows has no range)
 * @param rows its rows (the newlines in the range)
 */
public record PackedRange(String table, long offset, long length, long rows) {}
