package io.github.pgkeeper.core.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Reads the schema of a database as it is, from its catalog: every object of the given schemas, as
 * SQL that recreates it, in dependency order. Runs in the caller's transaction, so that a backup
 * reads it in the same snapshot as the rows (the {@code pg_get_*def} functions read the latest
 * catalog, but the backup holds its tables locked, so their definitions cannot change meanwhile).
 */
public final class SchemaReader {
  /**
   * The readers, in the order they run: those that annotate objects (comments, grants) come after
   * the objects they annotate.
   */
  static final List<ObjectReader> READERS =
      List.of(
          new SchemasReader(),
          new ExtensionsReader(),
          new TypesReader(),
          new SequencesReader(),
          new TablesReader(),
          new ConstraintsReader(),
          new IndexesReader(),
          new RoutinesReader(),
          new ViewsReader(),
          new TriggersReader(),
          new RulesReader(),
          new PoliciesReader(),
          new CollationsReader(),
          new StatisticsReader(),
          new PublicationsReader(),
          // Those that annotate objects, then the catch-all: after every object is read.
          new CommentsReader(),
          new GrantsReader(),
          new DefaultPrivilegesReader(),
          new UnreadObjectsReader());

  private SchemaReader() {}

  /**
   * @param schemas the schemas to read, as PostgreSQL spells them
   */
  public static SchemaModel read(Connection connection, List<String> schemas) throws SQLException {
    return read(connection, schemas, READERS);
  }

  /** With other readers: a test stands in for a family another reader reads. */
  static SchemaModel read(Connection connection, List<String> schemas, List<ObjectReader> readers)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // Every name in the definitions the server prints comes qualified. No parallel plans: a
      // parallel worker starts with cold catalog caches, which makes a catalog query several
      // times slower (0.25 s instead of 0.05 s for one of 1,000 tables). No JIT, as in pg_dump:
      // at thousands of tables the catalog queries cost enough to be compiled, which takes
      // longer than running them. Sorts of thousands of definitions in memory, not on disk.
      statement.execute(
          "SELECT pg_catalog.set_config('search_path', '', true),"
              + " pg_catalog.set_config('max_parallel_workers_per_gather', '0', true),"
              + " pg_catalog.set_config('jit', 'off', true),"
              + " pg_catalog.set_config('work_mem', '64MB', true)");
    }
    CatalogScan scan = new CatalogScan(connection, schemas);
    for (ObjectReader reader : readers) {
      reader.read(scan);
    }
    return scan.model();
  }
}
