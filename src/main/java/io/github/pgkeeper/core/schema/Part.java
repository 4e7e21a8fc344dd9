package io.github.pgkeeper.core.schema;

/**
 * A named piece of an object that a diff compares one by one, so that a change becomes an ALTER and
 * not a drop and create: a table's column ({@code total}, {@code numeric(10,2) NOT NULL}), an
 * enum's label. Only the reader fills them; schema.sql does not store them.
 */
public record Part(String name, String definition) {}
