package io.github.pgkeeper.core.schema;

import java.util.List;

/**
 * What a table is besides its columns: its statements with every column's text taken out. Two
 * tables of the same shape differ in their columns only, which ALTER TABLE changes one by one and
 * keeps the rows.
 */
final class TableShape {
  private TableShape() {}

  static boolean sameBesidesColumns(Difference difference) {
    return shape(difference.migrated()).equals(shape(difference.live()));
  }

  static List<String> shape(SchemaObject table) {
    return SchemaDiff.comparableStatements(table).stream()
        .map(statement -> withoutColumns(statement, table.parts()))
        .toList();
  }

  private static String withoutColumns(String statement, List<Part> parts) {
    String rest = statement;
    for (Part part : parts) {
      String column = part.name() + " " + part.definition();
      int at = rest.indexOf(column);
      if (at >= 0) {
        rest = rest.substring(0, at) + rest.substring(at + column.length());
      }
    }
    return rest.replaceAll("[\\s,]+", " ").replace("( )", "()").strip();
  }
}
