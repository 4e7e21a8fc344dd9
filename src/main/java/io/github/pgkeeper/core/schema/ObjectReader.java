package io.github.pgkeeper.core.schema;

import java.sql.SQLException;

/**
 * Reads the objects of one family from the catalog into a {@link CatalogScan}, with a few set-based
 * queries for all of the scan's schemas: never one query per object.
 */
interface ObjectReader {
  void read(CatalogScan scan) throws SQLException;
}
