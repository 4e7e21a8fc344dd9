package io.github.pgkeeper.core.schema;

/**
 * A row of a system catalog, as {@code pg_depend} points to one: the catalog's name ({@code
 * pg_class}, {@code pg_proc}, {@code pg_constraint}, …) and the row's oid.
 */
record CatalogAddress(String catalog, long oid) {}
