package io.github.pgkeeper.core.restore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a table's COPY text, as it streams out of the archive, into PostgreSQL's binary COPY
 * format. A restore runs in one session, so the server spends one core on the load while the
 * client's core idles; parsing integers, numerics and timestamps here instead of in the server's
 * input functions moves that work to the idle core (the {@code events} table of the benchmark loads
 * in about two thirds of the time).
 *
 * <p>The text is read as the server's COPY reader would (tab-separated, {@code \N} for NULL,
 * backslash escapes, one row per newline); each value goes through its column's {@link
 * FieldEncoder}. Text that PostgreSQL's COPY TO would not have written throws {@link
 * Unconvertible}, and the restore falls back to text COPY, where the server reads it itself.
 */
final class BinaryCopyStream extends InputStream {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };

  /**
   * The longest row converted. A backup writes rows of up to a part's 4 MiB whole into one part;
   * tables with longer rows are loaded as text (see {@link TableLoader}).
   */
  static final int MAX_ROW = 8 * 1024 * 1024;

  private static final int OUTPUT_TARGET = 256 * 1024;

  /** The text read at a time from a large table. */
  private static final int INPUT_BUFFER = 1024 * 1024;

  private static final int MIN_BUFFER = 8 * 1024;

  /** A value or row the binary encoding does not cover; the restore loads the table as text. */
  static final class Unconvertible extends RuntimeException {
    Unconvertible(String message) {
      super(message);
    }
  }

  private final InputStream text;
  private final FieldEncoder[] encoders;
  private final List<String> columns;
  private final Output out = new Output();

  /** The text read and not yet converted; grows to hold a whole row (up to {@link #MAX_ROW}). */
  private byte[] in;

  private int position;
  private int limit;
  private boolean endOfText;
  private boolean started;
  private boolean finished;
  private long line;
  private byte[] scratch = new byte[4 * 1024];
  private final int[] fieldStart;
  private final int[] fieldEnd;
  private final boolean[] fieldEscaped;

  /**
   * @param text the table's COPY text
   * @param columns the COPY columns, for messages
   * @param encoders one per COPY column, in order
   */
  BinaryCopyStream(InputStream text, List<String> columns, List<FieldEncoder> encoders) {
    this(text, columns, encoders, INPUT_BUFFER);
  }

  /**
   * @param textBytes the size of the COPY text, when known: a small table's buffers are sized to
   *     it, not to a large table's (a restore of thousands of small tables allocates them for each)
   */
  BinaryCopyStream(
      InputStream text, List<String> columns, List<FieldEncoder> encoders, long textBytes) {
    this.in = new byte[(int) Math.max(MIN_BUFFER, Math.min(INPUT_BUFFER, textBytes + 1))];
    this.text = text;
    this.columns = List.copyOf(columns);
    this.encoders = encoders.toArray(FieldEncoder[]::new);
    this.fieldStart = new int[this.encoders.length];
    this.fieldEnd = new int[this.encoders.length];
    this.fieldEscaped = new boolean[this.encoders.length];
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (out.available() == 0) {
      if (finished) {
        return -1;
      }
      fill();
    }
    return out.drain(buffer, offset, length);
  }

  @Override
  public void close() throws IOException {
    text.close();
  }

  /** Converts rows until about {@link #OUTPUT_TARGET} bytes are ready, or the text ends. */
  private void fill() throws IOException {
    if (!started) {
      started = true;
      out.write(SIGNATURE, 0, SIGNATURE.length);
      out.writeInt(0); // flags: no OIDs
      out.writeInt(0); // no header extension
    }
    while (out.available() < OUTPUT_TARGET) {
      int rowEnd = scanRow();
      if (rowEnd >= 0) {
        line++;
        encodeRow();
        position = rowEnd + 1;
      } else if (endOfText) {
        if (position < limit) {
          throw new Unconvertible(
              "line " + (line + 1) + ": the last row does not end in a newline");
        }
        out.writeShort(-1); // the file trailer
        finished = true;
        return;
      } else {
        readMore();
      }
    }
  }

  /**
   * Finds the fields of the row at {@link #position}, honouring backslash escapes; returns the
   * index of its newline, or -1 when the row does not end in the buffer yet.
   */
  private int scanRow() {
    int field = 0;
    int start = position;
    boolean escaped = false;
    for (int i = position; i < limit; i++) {
      byte b = in[i];
      if (b == '\\') {
        if (i + 1 >= limit) {
          return -1;
        }
        escaped = true;
        i++;
      } else if (b == '\t' || b == '\n') {
        if (field == encoders.length) {
          throw rowError("it has more fields than the " + encoders.length + " columns");
        }
        fieldStart[field] = start;
        fieldEnd[field] = i;
        fieldEscaped[field] = escaped;
        field++;
        start = i + 1;
        escaped = false;
        if (b == '\n') {
          if (field != encoders.length) {
            throw rowError("it has " + field + " field(s) for " + encoders.length + " columns");
          }
          return i;
        }
      } else if (b == '\r') {
        throw rowError("it holds a raw carriage return");
      }
    }
    return -1;
  }

  private void encodeRow() {
    if (fieldEnd[0] - fieldStart[0] == 2
        && in[fieldStart[0]] == '\\'
        && in[fieldStart[0] + 1] == '.'
        && encoders.length == 1) {
      throw rowError("it is the end-of-data marker");
    }
    out.writeShort(encoders.length);
    for (int f = 0; f < encoders.length; f++) {
      int from = fieldStart[f];
      int to = fieldEnd[f];
      try {
        if (!fieldEscaped[f]) {
          encoders[f].encode(in, from, to, out);
        } else if (to - from == 2 && in[from + 1] == 'N') {
          out.writeInt(-1); // \N: NULL
        } else {
          int length = unescape(from, to);
          encoders[f].encode(scratch, 0, length, out);
        }
      } catch (Unconvertible e) {
        throw new Unconvertible(
            "line " + line + ", column " + columns.get(f) + ": " + e.getMessage());
      }
    }
  }

  /** Decodes COPY text escapes, as the server's COPY reader does, into {@link #scratch}. */
  private int unescape(int from, int to) {
    if (scratch.length < to - from) {
      scratch = new byte[Math.max(to - from, scratch.length * 2)];
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      byte b = in[i];
      if (b != '\\') {
        scratch[n++] = b;
        continue;
      }
      byte c = in[++i];
      switch (c) {
        case 'b' -> scratch[n++] = '\b';
        case 'f' -> scratch[n++] = '\f';
        case 'n' -> scratch[n++] = '\n';
        case 'r' -> scratch[n++] = '\r';
        case 't' -> scratch[n++] = '\t';
        case 'v' -> scratch[n++] = 0x0b;
        case 'x' -> {
          int value = 0;
          int digits = 0;
          while (digits < 2 && i + 1 < to && Character.digit(in[i + 1], 16) >= 0) {
            value = value * 16 + Character.digit(in[++i], 16);
            digits++;
          }
          scratch[n++] = digits == 0 ? (byte) 'x' : (byte) value;
        }
        default -> {
          if (c >= '0' && c <= '7') {
            int value = c - '0';
            for (int digits = 1;
                digits < 3 && i + 1 < to && in[i + 1] >= '0' && in[i + 1] <= '7';
                digits++) {
              value = value * 8 + (in[++i] - '0');
            }
            scratch[n++] = (byte) value;
          } else {
            scratch[n++] = c;
          }
        }
      }
    }
    return n;
  }

  private Unconvertible rowError(String what) {
    return new Unconvertible("line " + (line + 1) + ": " + what);
  }

  /** Keeps the unfinished row, and reads more text after it. */
  private void readMore() throws IOException {
    if (position > 0) {
      System.arraycopy(in, position, in, 0, limit - position);
      limit -= position;
      position = 0;
    } else if (limit == in.length) {
      if (in.length >= MAX_ROW) {
        throw rowError("it is longer than " + MAX_ROW / (1024 * 1024) + " MiB");
      }
      in = Arrays.copyOf(in, in.length * 2);
    }
    int n = text.read(in, limit, in.length - limit);
    if (n < 0) {
      endOfText = true;
    } else {
      limit += n;
    }
  }

  /** The binary rows waiting to be read: a growable big-endian buffer. */
  static final class Output {
    private byte[] buffer = new byte[MIN_BUFFER];
    private int size;
    private int read;

    int available() {
      return size - read;
    }

    int drain(byte[] target, int offset, int length) {
      int n = Math.min(length, size - read);
      System.arraycopy(buffer, read, target, offset, n);
      read += n;
      if (read == size) {
        read = 0;
        size = 0;
      }
      return n;
    }

    private void ensure(int more) {
      if (size + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(size + more, buffer.length * 2));
      }
    }

    void writeByte(int value) {
      ensure(1);
      buffer[size++] = (byte) value;
    }

    void writeShort(int value) {
      ensure(2);
      buffer[size++] = (byte) (value >>> 8);
      buffer[size++] = (byte) value;
    }

    void writeInt(int value) {
      ensure(4);
      buffer[size++] = (byte) (value >>> 24);
      buffer[size++] = (byte) (value >>> 16);
      buffer[size++] = (byte) (value >>> 8);
      buffer[size++] = (byte) value;
    }

    void writeLong(long value) {
      writeInt((int) (value >>> 32));
      writeInt((int) value);
    }

    void write(byte[] source, int offset, int length) {
      ensure(length);
      System.arraycopy(source, offset, buffer, size, length);
      size += length;
    }
  }
}
