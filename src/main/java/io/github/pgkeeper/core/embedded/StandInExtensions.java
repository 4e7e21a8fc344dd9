package io.github.pgkeeper.core.embedded;

import io.github.pgkeeper.core.Logger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * SQL-only extensions written into the embedded server's extension directory, so that a Supabase
 * project's {@code CREATE EXTENSION pg_cron} (and vector, pg_net, pgmq, ...) succeeds: their
 * functions exist with the real signatures and record what they are asked to do or compute it in
 * SQL, but nothing runs, is sent or is encrypted. Extensions that no SQL can imitate (PostGIS, ...)
 * get a control file whose script fails with a message that says so and points at a real server.
 *
 * <p>Which extension is which is listed once, in {@code supabase/extensions/catalog.txt}: every
 * extension Supabase offers, as {@code postgres} (the binaries have it), {@code stand-in} or {@code
 * refused}.
 *
 * <p>The files go into a binaries directory that only Supabase-flavoured servers use (see {@link
 * SupabaseFlavor}), are written atomically (a temporary file renamed into place, script before
 * control file) and only when their content differs, so concurrent starts are safe. A control file
 * of the same name that pgkeeper did not write is left alone: the binaries have the real extension.
 */
final class StandInExtensions {
  /** The first line of every control file pgkeeper writes. */
  static final String MARKER = "# pgkeeper stand-in";

  static final String VERSION = "1.0";
  static final String REFUSED_VERSION = "unavailable";

  static final String CATALOG = "/io/github/pgkeeper/supabase/extensions/catalog.txt";

  /**
   * An extension imitated by a SQL script, {@code supabase/extensions/<name>.sql}; {@code schema}
   * is the one schema the real extension insists on, or null.
   */
  record StandIn(String name, String comment, String requires, String schema) {}

  /** An extension that cannot be imitated: {@code what} names the real thing, {@code why} why. */
  record Refusal(String name, String what, String why) {}

  /** The extensions every PostgreSQL has (contrib): nothing to write, the binaries have them. */
  static final List<String> POSTGRES;

  static final List<StandIn> STAND_INS;
  static final List<Refusal> REFUSALS;

  static {
    List<String> postgres = new ArrayList<>();
    List<StandIn> standIns = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    String[] lines = resource(CATALOG).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s*\\|\\s*");
      if (fields.length < 3) {
        throw malformed(i, "expected name | kind | text");
      }
      switch (fields[1]) {
        case "postgres" -> postgres.add(fields[0]);
        case "stand-in" -> {
          String requires = null;
          String schema = null;
          for (int f = 3; f < fields.length; f++) {
            if (fields[f].startsWith("requires=")) {
              requires = fields[f].substring("requires=".length());
            } else if (fields[f].startsWith("schema=")) {
              schema = fields[f].substring("schema=".length());
            } else {
              throw malformed(i, "unknown option " + fields[f]);
            }
          }
          standIns.add(new StandIn(fields[0], fields[2], requires, schema));
        }
        case "refused" -> {
          if (fields.length != 4) {
            throw malformed(i, "a refusal is name | refused | what | why");
          }
          refusals.add(new Refusal(fields[0], fields[2], fields[3]));
        }
        default -> throw malformed(i, "unknown kind " + fields[1]);
      }
    }
    POSTGRES = List.copyOf(postgres);
    STAND_INS = List.copyOf(standIns);
    REFUSALS = List.copyOf(refusals);
  }

  private StandInExtensions() {}

  /**
   * A text resource, read here rather than through {@link SupabaseFlavor#resource}:
   * SupabaseFlavor's own initialisation asks for this class's {@link #fingerprint()}, so this class
   * must not need SupabaseFlavor to initialise.
   */
  private static String resource(String path) {
    try (InputStream in = StandInExtensions.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static IllegalStateException malformed(int index, String problem) {
    return new IllegalStateException(
        CATALOG.substring(1) + " line " + (index + 1) + ": " + problem);
  }

  /** One extension's two files: its control file and its one script. */
  private record ExtensionFiles(String name, String version, String control, String script) {}

  /** Every extension's files, in catalog order. */
  private static List<ExtensionFiles> files() {
    List<ExtensionFiles> files = new ArrayList<>();
    for (StandIn standIn : STAND_INS) {
      files.add(
          new ExtensionFiles(
              standIn.name(),
              VERSION,
              control(standIn.comment(), VERSION, standIn.requires(), standIn.schema()),
              resource("/io/github/pgkeeper/supabase/extensions/" + standIn.name() + ".sql")));
    }
    for (Refusal refusal : REFUSALS) {
      files.add(
          new ExtensionFiles(
              refusal.name(),
              REFUSED_VERSION,
              control(
                  refusal.what()
                      + " is not available on the pgkeeper embedded server; use a real one",
                  REFUSED_VERSION,
                  null,
                  null),
              refusalScript(refusal)));
    }
    return files;
  }

  /**
   * A short digest of every file {@link #install} writes. The flavour's binaries directory is named
   * after it, so that builds with other pgkeeper versions (other stand-ins) running on the same
   * machine never rewrite the files this one reads.
   */
  static String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (ExtensionFiles file : files()) {
        for (String part : List.of(file.name(), file.version(), file.control(), file.script())) {
          digest.update(part.getBytes(StandardCharsets.UTF_8));
          digest.update((byte) 0);
        }
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes every stand-in and refusal into {@code extensionDirectory} where it is not current. */
  static void install(Path extensionDirectory, Logger log) throws IOException {
    Files.createDirectories(extensionDirectory);
    for (ExtensionFiles file : files()) {
      write(extensionDirectory, file.name(), file.version(), file.control(), file.script(), log);
    }
  }

  /** The error {@code CREATE EXTENSION <name>} raises for an extension that cannot be stood in. */
  static String refusalMessage(Refusal refusal) {
    return "The embedded PostgreSQL of db:start cannot provide the extension \""
        + refusal.name()
        + "\" ("
        + refusal.what()
        + ") that Supabase offers: "
        + refusal.why()
        + ", so pgkeeper has no SQL stand-in for it. Run these migrations against a real"
        + " PostgreSQL server that has it"
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

  private static String control(String comment, String version, String requires, String schema) {
    return MARKER
        + ": written by pgkeeper for its Supabase-flavoured embedded server.\n"
        + "comment = "
        + literal(comment)
        + "\ndefault_version = '"
        + version
        + "'\nrelocatable = false\n"
        + (requires == null ? "" : "requires = '" + requires + "'\n")
        + (schema == null ? "" : "schema = '" + schema + "'\n");
  }

  private static void write(
      Path directory, String name, String version, String control, String script, Logger log)
      throws IOException {
    Path controlFile = directory.resolve(name + ".control");
    if (Files.exists(controlFile) && !isOurs(controlFile)) {
      // adminpack on PostgreSQL 16, or binaries built with pgvector: the real one wins.
      log.debug(
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
