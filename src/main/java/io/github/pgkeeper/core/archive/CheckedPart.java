package io.github.pgkeeper.core.archive;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * An entry being read: its decompressed content (a data part's COPY text), and the digest of the
 * stored bytes under it. {@link #finish} checks the stored size, the SHA-256 and the decompressed
 * size against the manifest.
 *
 * <p>The decompressor is never asked for more than one byte past the size the manifest records, so
 * a part that expands further (a zip bomb) is refused there, after at most that many bytes plus the
 * codec's own block, not after gigabytes.
 */
final class CheckedPart {
  /** The most an entry read whole may hold; more is not what a backup writes. */
  static final long MAX_WHOLE_BYTES = 256L * 1024 * 1024;

  private final ManifestEntry entry;
  private final Digesting stored;
  private final InputStream content;
  private final long limit;
  private long rawRead;

  CheckedPart(ManifestEntry entry, Digesting stored, InputStream content) {
    this.entry = entry;
    this.stored = stored;
    this.content = content;
    // Entries not stored through the codec (the header) are their stored bytes.
    this.limit = entry.isEncoded() ? entry.rawBytes() : entry.size();
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
    } else if (entry.isEncoded() && rawRead != limit) {
      problem = "decompresses to " + rawRead + " bytes where the manifest records " + limit;
    }
    content.close();
    return problem;
  }

  /**
   * An entry (at most {@link #MAX_WHOLE_BYTES} once decompressed: a packed part, the schema) read
   * whole, through its checks.
   *
   * @throws Damaged saying what is wrong with it (without its name)
   */
  static byte[] readWhole(ArchiveReader reader, ManifestEntry entry) throws Damaged {
    long size = entry.isEncoded() ? entry.rawBytes() : entry.size();
    if (size > MAX_WHOLE_BYTES) {
      throw new Damaged(
          "records " + size + " bytes, more than such an entry holds: the manifest was altered");
    }
    byte[] content = new byte[(int) size];
    try {
      CheckedPart part = reader.openPart(entry);
      int filled = 0;
      byte[] past = new byte[1];
      while (true) {
        int n =
            filled < content.length
                ? part.read(content, filled, content.length - filled)
                : part.read(past, 0, 1); // the end, or more than recorded (refused there)
        if (n < 0) {
          break;
        }
        filled += n;
      }
      String problem = part.finish();
      if (problem != null) {
        throw new Damaged(problem);
      }
    } catch (EntryInputStream.TruncatedEntryException e) {
      throw new Damaged("is cut short: the archive is truncated");
    } catch (OversizedPartException e) {
      throw new Damaged(e.getMessage());
    } catch (Damaged e) {
      throw e;
    } catch (IOException e) {
      throw new Damaged(
          "cannot be read or decompressed (" + e.getMessage() + "): its content is damaged");
    }
    return content;
  }

  /** What is wrong with an entry read whole; the message is the problem, without its name. */
  static final class Damaged extends IOException {
    Damaged(String problem) {
      super(problem);
    }
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
