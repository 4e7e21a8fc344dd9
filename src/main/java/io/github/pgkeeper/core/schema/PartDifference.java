package io.github.pgkeeper.core.schema;

/**
 * A part (a table's column, an enum's label) that differs between the migrated and the live object.
 *
 * @param migrated its definition as the migrations make it, or null when they do not
 * @param live its definition in the live database, or null when it is not there
 */
public record PartDifference(Change change, String name, String migrated, String live) {}
