package io.github.pgkeeper.core.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A data part being read: its decompressed COPY text, and the digest of the stored bytes under it.
 * {@link #finish} checks the stored size, the SHA-256 and the decompressed size against the
 * manifest.
 *
 * <p>The decompressor is never asked for more than one byte past the size the manifest records, so
 * a part that expands further (a zip bomb) is refused there, after at most that many bytes plus the
 * codec's own block, not after gigabytes.
 */
final class CheckedPart {
  private final ManifestEntry entry;
  private final Digesting stored;
  private final InputStream content;
  private final long limit;
  private long rawRead;

  CheckedPart(ManifestEntry entry, Digesting stored, InputStream content) {
    this.entry = entry;
    this.stored = stored;
    this.content = content;
    // Entries other than data parts are stored as they are: their content is their stored size.
    this.limit = entry.isDataPart() ? entry.rawBytes() : entry.size();
  }

  ManifestEntry entry() {
    return entry;
  }

  /**
   * Reads decompressed bytes; -1 at the end of the part.
   *
   * @throws OversizedPartException as soon as the part decompresses to more than the manifest says
   */
  int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int wanted = (int) Math.min(length, limit - rawRead + 1);
    int n = content.read(buffer, offset, wanted);
    if (n > 0) {
      rawRead += n;
      if (rawRead > limit) {
        throw new OversizedPartException(limit);
      }
    }
    return n;
  }

  /** Bytes the decompressor has produced so far. */
  long rawRead() {
    return rawRead;
  }

  /**
   * Reads what the decompressor left of the stored bytes and compares everything with the manifest;
   * returns the problem, or null when the part is intact.
   */
  String finish() throws IOException {
    stored.drain();
    String problem = null;
    if (stored.count != entry.size()) {
      problem = "holds " + stored.count + " bytes where the manifest records " + entry.size();
    } else if (!Sha256.hex(stored.digest).equals(entry.sha256())) {
      problem = "does not match its SHA-256 in the manifest (its content is damaged)";
    } else if (entry.isDataPart() && rawRead != limit) {
      problem = "decompresses to " + rawRead + " bytes where the manifest records " + limit;
    }
    content.close();
    return problem;
  }

  /** A part that decompresses to more than the manifest records; the message is the problem. */
  static final class OversizedPartException extends IOException {
    OversizedPartException(long limit) {
      super(
          "decompresses to more than the "
              + limit
              + " bytes the manifest records (reading stopped there): it is not the part the"
              + " backup wrote");
    }
  }

  /** Counts and digests the stored bytes as the decompressor pulls them. */
  static final class Digesting extends FilterInputStream {
    final MessageDigest digest = Sha256.digest();
    long count;

    Digesting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        digest.update((byte) b);
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        digest.update(buffer, offset, n);
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] scratch = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    void drain() throws IOException {
      byte[] scratch = new byte[64 * 1024];
      while (read(scratch, 0, scratch.length) >= 0) {
        // digesting the rest
      }
    }
  }
}
