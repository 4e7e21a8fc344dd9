package io.github.pgkeeper.core.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The stored bytes of one tar entry, read with positional reads, so any number of entries can be
 * read at once from one channel, from any thread. Ending before {@code size} bytes means the file
 * was cut short.
 */
final class EntryInputStream extends InputStream {
  private final FileChannel channel;
  private final String name;
  private final long size;
  private final long start;
  private long read;

  EntryInputStream(FileChannel channel, String name, long start, long size) {
    this.channel = channel;
    this.name = name;
    this.start = start;
    this.size = size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    long left = size - read;
    if (left <= 0) {
      return -1;
    }
    int wanted = (int) Math.min(length, left);
    int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), start + read);
    if (n < 0) {
      throw new TruncatedEntryException(name, read, size);
    }
    read += n;
    return n;
  }

  @Override
  public long skip(long n) {
    long skipped = Math.max(0, Math.min(n, size - read));
    read += skipped;
    return skipped;
  }

  /** The file ended inside an entry. */
  static final class TruncatedEntryException extends IOException {
    TruncatedEntryException(String name, long read, long size) {
      super(
          "entry "
              + name
              + " is cut short: the file ends after "
              + read
              + " of its "
              + size
              + " bytes (the archive is truncated)");
    }
  }
}
