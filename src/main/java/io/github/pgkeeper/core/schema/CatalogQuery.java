package io.github.pgkeeper.core.schema;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs one set-based catalog query of a reader: every {@code ?} of the query is the scan's list of
 * schemas ({@code nspname = ANY(?)}), and each row goes to the reader's handler.
 */
final class CatalogQuery {
  /** What a reader does with one row. */
  @FunctionalInterface
  interface RowHandler {
    void row(ResultSet row) throws SQLException;
  }

  private CatalogQuery() {}

  static void each(CatalogScan scan, String sql, RowHandler handler) throws SQLException {
    try (PreparedStatement statement = scan.connection().prepareStatement(sql)) {
      // The readers' queries use no operator spelled with a question mark.
      long parameters = sql.chars().filter(c -> c == '?').count();
      for (int i = 1; i <= parameters; i++) {
        statement.setArray(i, scan.schemaArray());
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          handler.row(rows);
        }
      }
    }
  }

  /**
   * A SQL expression printing the options array {@code array} ({@code {fillfactor=70}}) as the
   * {@code WITH (…)} list that sets them again: {@code fillfactor='70'}, with {@code prefix} before
   * each name ({@code toast.} for the options of a table's TOAST table).
   */
  static String optionList(String array, String prefix) {
    return "(SELECT pg_catalog.string_agg('"
        + prefix
        + "' || pg_catalog.split_part(o, '=', 1) || '=' ||"
        + " pg_catalog.quote_literal(pg_catalog.substr(o, pg_catalog.strpos(o, '=') + 1)), ', ')"
        + " FROM pg_catalog.unnest("
        + array
        + ") o)";
  }
}
