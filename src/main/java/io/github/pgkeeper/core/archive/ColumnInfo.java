package io.github.pgkeeper.core.archive;

/**
 * One column of a backed-up table.
 *
 * @param name the column name, unquoted
 * @param type its type as {@code format_type} prints it, such as {@code character varying(40)}
 * @param notNull whether it is NOT NULL
 * @param identity {@code always} or {@code by default} for an identity column, else null
 * @param generated {@code stored} or {@code virtual} for a generated column (whose values are not
 *     in the data), else null
 */
public record ColumnInfo(
    String name, String type, boolean notNull, String identity, String generated) {}
