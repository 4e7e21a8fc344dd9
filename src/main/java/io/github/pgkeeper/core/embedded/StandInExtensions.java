package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * SQL-only extensions written into the embedded server's extension directory, so that a Supabase
 * project's {@code CREATE EXTENSION pg_cron} (and pg_net, pgmq, ...) succeeds: their functions
 * exist with the real signatures and record what they are asked to do, but nothing runs, is sent or
 * is encrypted. Extensions that no SQL can imitate (pgvector, PostGIS, ...) get a control file
 * whose script fails with a message that says so and points at a real server.
 *
 * <p>The files go into a binaries directory that only Supabase-flavoured servers use (see {@link
 * SupabaseFlavor}), are written atomically (a temporary file renamed into place, script before
 * control file) and only when their content differs, so concurrent starts are safe. A control file
 * of the same name that pgkeeper did not write is left alone.
 */
final class StandInExtensions {
  /** The first line of every control file pgkeeper writes. */
  static final String MARKER = "# pgkeeper stand-in";

  static final String VERSION = "1.0";
  static final String REFUSED_VERSION = "unavailable";

  /** An extension imitated by a SQL script, {@code supabase/extensions/<name>.sql}. */
  record StandIn(String name, String comment, String requires) {}

  /** An extension that cannot be imitated: {@code what} names the real thing for the message. */
  record Refusal(String name, String what) {}

  static final List<StandIn> STAND_INS =
      List.of(
          new StandIn(
              "pg_cron",
              "pgkeeper stand-in for pg_cron: jobs are recorded in cron.job, never run",
              null),
          new StandIn(
              "pg_net",
              "pgkeeper stand-in for pg_net: requests are recorded in net.http_request_queue,"
                  + " never sent",
              null),
          new StandIn(
              "pgmq", "pgkeeper stand-in for pgmq: queues are plain tables in schema pgmq", null),
          new StandIn(
              "supabase_vault",
              "pgkeeper stand-in for Supabase Vault: secrets are stored unencrypted",
              null),
          new StandIn(
              "http",
              "pgkeeper stand-in for pgsql-http: requests are recorded in http_request_log, never"
                  + " sent; responses are empty 200s",
              null),
          new StandIn(
              "pg_graphql",
              "pgkeeper stand-in for pg_graphql: graphql.resolve answers with an error",
              null),
          new StandIn(
              "pgjwt",
              "pgkeeper stand-in for pgjwt: sign and verify in SQL with pgcrypto HMAC",
              "pgcrypto"));

  static final List<Refusal> REFUSALS =
      List.of(
          new Refusal("vector", "pgvector"),
          new Refusal("postgis", "PostGIS"),
          new Refusal("postgis_raster", "PostGIS raster"),
          new Refusal("postgis_topology", "PostGIS topology"),
          new Refusal("postgis_tiger_geocoder", "the PostGIS TIGER geocoder"),
          new Refusal("address_standardizer", "the PostGIS address standardizer"),
          new Refusal("pgrouting", "pgRouting"),
          new Refusal("timescaledb", "TimescaleDB"),
          new Refusal("pgroonga", "PGroonga"),
          new Refusal("plv8", "PLV8"),
          new Refusal("pgsodium", "pgsodium"),
          new Refusal("rum", "the RUM index"),
          new Refusal("wrappers", "Supabase Wrappers"),
          new Refusal("pg_jsonschema", "pg_jsonschema"),
          new Refusal("pg_hashids", "pg_hashids"));

  private StandInExtensions() {}

  /** Writes every stand-in and refusal into {@code extensionDirectory} where it is not current. */
  static void install(Path extensionDirectory, Logger log) throws IOException {
    Files.createDirectories(extensionDirectory);
    for (StandIn standIn : STAND_INS) {
      write(
          extensionDirectory,
          standIn.name(),
          VERSION,
          control(standIn.comment(), VERSION, standIn.requires()),
          SupabaseFlavor.resource(
              "/io/github/pgkeeper/supabase/extensions/" + standIn.name() + ".sql"),
          log);
    }
    for (Refusal refusal : REFUSALS) {
      write(
          extensionDirectory,
          refusal.name(),
          REFUSED_VERSION,
          control(
              refusal.what() + " is not available on the pgkeeper embedded server; use a real one",
              REFUSED_VERSION,
              null),
          refusalScript(refusal),
          log);
    }
  }

  /** The error {@code CREATE EXTENSION <name>} raises for an extension that cannot be stood in. */
  static String refusalMessage(Refusal refusal) {
    return "The embedded PostgreSQL of db:start cannot provide the extension \""
        + refusal.name()
        + "\" ("
        + refusal.what()
        + "): it is native code that the embedded binaries do not include, and no SQL stand-in"
        + " can replace it. Run these migrations against a real PostgreSQL server that has it"
        + " installed (such as the Supabase CLI's local database from supabase start, or a"
        + " Docker image with the extension) by setting db.url instead of using db:start.";
  }

  private static String refusalScript(Refusal refusal) {
    return "-- "
        + MARKER.substring(2)
        + ": "
        + refusal.what()
        + " cannot be stood in, so creating it fails with a clear message.\n"
        + "DO $pgkeeper$ BEGIN\n"
        + "  RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', MESSAGE = "
        + literal(refusalMessage(refusal))
        + ";\nEND $pgkeeper$;\n";
  }

  private static String control(String comment, String version, String requires) {
    return MARKER
        + ": written by pgkeeper for its Supabase-flavoured embedded server.\n"
        + "comment = "
        + literal(comment)
        + "\ndefault_version = '"
        + version
        + "'\nrelocatable = false\n"
        + (requires == null ? "" : "requires = '" + requires + "'\n");
  }

  private static void write(
      Path directory, String name, String version, String control, String script, Logger log)
      throws IOException {
    Path controlFile = directory.resolve(name + ".control");
    if (Files.exists(controlFile) && !isOurs(controlFile)) {
      log.warn(
          "Leaving "
              + controlFile
              + " alone: it is not a pgkeeper stand-in, so the server has the real "
              + name
              + ".");
      return;
    }
    // The script first: a control file must never point at a script that is not complete.
    writeIfChanged(directory.resolve(name + "--" + version + ".sql"), script);
    writeIfChanged(controlFile, control);
  }

  private static boolean isOurs(Path controlFile) throws IOException {
    try (InputStream in = Files.newInputStream(controlFile)) {
      byte[] start = in.readNBytes(MARKER.length());
      return Arrays.equals(start, MARKER.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Replaces {@code file} atomically with {@code content}, unless it already holds exactly that.
   */
  private static void writeIfChanged(Path file, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
      return;
    }
    Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
