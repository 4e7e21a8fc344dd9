package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of db:migrate that are Maven's: where the seed may run, and the order setting. */
class MigrateMojoTest {
  @TempDir Path project;

  private MigrateMojo mojo() {
    MigrateMojo mojo = new MigrateMojo();
    mojo.project = new MavenProject();
    mojo.project.setFile(new File(project.toFile(), "pom.xml"));
    return mojo;
  }

  @Test
  void theSeedNeverRunsOnADatabaseThisBuildDidNotStart() throws IOException {
    // A Supabase project with a seed, migrated against a database some other process runs (here
    // the tests' shared server, which no db:start of this build registered).
    Path supabase = Files.createDirectories(project.resolve("supabase/migrations"));
    Files.writeString(supabase.resolveSibling("seed.sql"), "CREATE TABLE seeded (id int);");
    ConnectionConfig elsewhere = TestDatabases.freshDatabase();

    mojo().seedFreshDatabase(elsewhere);

    assertEquals(
        "0", Sql.value(elsewhere, "SELECT count(*) FROM pg_tables WHERE tablename = 'seeded'"));
  }

  @Test
  void failuresNameTheOrderAndSeedParameters() {
    assertEquals(
        "x" + System.lineSeparator() + "  Configure: <order> (-Ddb.order=auto|numeric|filename)",
        Parameters.failure(new PgKeeperException("x", Setting.ORDER)).getMessage());
    assertEquals(
        "<seed> of db:migrate (-Ddb.seed=false) and supabase/config.toml [db.seed]",
        Parameters.describe(Setting.SEED));
  }
}
