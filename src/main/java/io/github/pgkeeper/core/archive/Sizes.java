package io.github.pgkeeper.core.archive;

import java.util.Locale;

/** Byte counts for people. */
public final class Sizes {
  private Sizes() {}

  /** Such as {@code 12.3 MB} (10^6 bytes, as disk sizes and throughput are quoted). */
  public static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }
}
