package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.archive.ArchiveReader;
import io.github.pgkeeper.core.archive.TableInfo;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which tables load as binary COPY, against the target's real catalog. */
class BinaryColumnsTest extends RestoreTestCase {

  @Test
  void enumsAndDomainsAreEncodedAsTheirBaseTypeArraysAndChangedTypesAsText() throws Exception {
    Sql.execute(
        source,
        "CREATE TABLE feelings (id int PRIMARY KEY, feeling mood, qty positive_int, noted date);"
            + " INSERT INTO feelings VALUES (1, 'ok', 3, '2024-01-01'), (2, NULL, NULL, NULL)");
    Path archive = backup(source);

    try (ArchiveReader reader = ArchiveReader.open(archive);
        Connection connection = Connections.open(source)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // As the restore reads types: fully qualified, as the backup recorded them.
        statement.execute("SET search_path = ''");
      }
      assertEquals(
          Optional.of(
              List.of(FieldEncoder.INT4, FieldEncoder.TEXT, FieldEncoder.INT4, FieldEncoder.DATE)),
          encoders(connection, reader, "feelings"));
      assertTrue(encoders(connection, reader, "samples").isEmpty(), "text[] and int[] columns");
      // One query for all the tables gives each its own answer.
      List<TableInfo> both =
          List.of(
              reader.header().table("public", "feelings").orElseThrow(),
              reader.header().table("public", "samples").orElseThrow());
      Map<TableInfo, TargetCatalog.Target> found = TargetCatalog.find(connection, both);
      Map<Long, List<FieldEncoder>> all =
          BinaryColumns.encoders(connection, List.copyOf(found.values()), reader.manifest());
      assertEquals(
          Map.of(
              found.get(both.get(0)).oid(),
              List.of(FieldEncoder.INT4, FieldEncoder.TEXT, FieldEncoder.INT4, FieldEncoder.DATE)),
          all);

      try (Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE public.feelings ALTER COLUMN noted TYPE timestamp");
      }
      assertTrue(
          encoders(connection, reader, "feelings").isEmpty(),
          "the target's column is no longer the archive's date");
      connection.rollback();
    }
  }

  private static Optional<List<FieldEncoder>> encoders(
      Connection connection, ArchiveReader reader, String name) throws Exception {
    TableInfo table = reader.header().table("public", name).orElseThrow();
    TargetCatalog.Target target =
        TargetCatalog.find(connection, List.of(table)).values().iterator().next();
    return Optional.ofNullable(
        BinaryColumns.encoders(connection, List.of(target), reader.manifest()).get(target.oid()));
  }
}
