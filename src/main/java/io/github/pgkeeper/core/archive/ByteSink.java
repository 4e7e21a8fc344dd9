package io.github.pgkeeper.core.archive;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronised in-memory output whose bytes are used in place (no copy on the way out), for
 * one compressed data part.
 */
final class ByteSink extends OutputStream {
  private byte[] buffer;
  private int length;

  ByteSink(int initialCapacity) {
    buffer = new byte[Math.max(64, initialCapacity)];
  }

  @Override
  public void write(int b) {
    ensure(1);
    buffer[length++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) {
    ensure(count);
    System.arraycopy(bytes, offset, buffer, length, count);
    length += count;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }
}
