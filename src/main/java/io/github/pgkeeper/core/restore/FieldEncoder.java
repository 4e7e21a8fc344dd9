package io.github.pgkeeper.core.restore;

import java.nio.charset.StandardCharsets;

/**
 * Encodes one COPY text value (already unescaped, never NULL) as the value of a binary COPY field:
 * its 4-byte length, then what the type's {@code *_recv} function reads. Each encoder accepts
 * exactly the text PostgreSQL's own output function writes under the backup's session settings
 * (DateStyle ISO, extra_float_digits 3); anything else throws {@link
 * BinaryCopyStream.Unconvertible}, and the restore falls back to text COPY, where the server reads
 * the value itself.
 */
@FunctionalInterface
interface FieldEncoder {
  void encode(byte[] text, int from, int to, BinaryCopyStream.Output out);

  /** text, varchar, bpchar, json, enum labels: the bytes as they are. */
  FieldEncoder TEXT =
      (text, from, to, out) -> {
        out.writeInt(to - from);
        out.write(text, from, to - from);
      };

  /** jsonb: a version byte (1), then the JSON text, which the server parses as for text input. */
  FieldEncoder JSONB =
      (text, from, to, out) -> {
        out.writeInt(to - from + 1);
        out.writeByte(1);
        out.write(text, from, to - from);
      };

  FieldEncoder BOOL =
      (text, from, to, out) -> {
        if (to - from != 1 || (text[from] != 't' && text[from] != 'f')) {
          throw unconvertible("boolean", text, from, to);
        }
        out.writeInt(1);
        out.writeByte(text[from] == 't' ? 1 : 0);
      };

  FieldEncoder INT2 =
      (text, from, to, out) -> {
        long value = parseLong(text, from, to, "smallint");
        if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
          throw unconvertible("smallint", text, from, to);
        }
        out.writeInt(2);
        out.writeShort((int) value);
      };

  FieldEncoder INT4 =
      (text, from, to, out) -> {
        long value = parseLong(text, from, to, "integer");
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
          throw unconvertible("integer", text, from, to);
        }
        out.writeInt(4);
        out.writeInt((int) value);
      };

  FieldEncoder INT8 =
      (text, from, to, out) -> {
        out.writeInt(8);
        out.writeLong(parseLong(text, from, to, "bigint"));
      };

  FieldEncoder FLOAT4 =
      (text, from, to, out) -> {
        out.writeInt(4);
        out.writeInt(Float.floatToRawIntBits((float) parseFloat(text, from, to, true)));
      };

  FieldEncoder FLOAT8 =
      (text, from, to, out) -> {
        out.writeInt(8);
        out.writeLong(Double.doubleToRawLongBits(parseFloat(text, from, to, false)));
      };

  FieldEncoder NUMERIC = NumericEncoding::encode;

  FieldEncoder UUID =
      (text, from, to, out) -> {
        if (to - from != 36) {
          throw unconvertible("uuid", text, from, to);
        }
        out.writeInt(16);
        int nibbles = 0;
        int current = 0;
        for (int i = from; i < to; i++) {
          int pos = i - from;
          if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
            if (text[i] != '-') {
              throw unconvertible("uuid", text, from, to);
            }
            continue;
          }
          int digit = Character.digit(text[i], 16);
          if (digit < 0) {
            throw unconvertible("uuid", text, from, to);
          }
          current = current << 4 | digit;
          if (++nibbles % 2 == 0) {
            out.writeByte(current);
            current = 0;
          }
        }
      };

  FieldEncoder BYTEA = ByteaEncoding::encode;

  /** date: days since 2000-01-01, as a 4-byte integer. */
  FieldEncoder DATE =
      (text, from, to, out) -> {
        out.writeInt(4);
        out.writeInt(DateTimeEncoding.date(text, from, to));
      };

  /** timestamp: microseconds since 2000-01-01 00:00, as written (no zone). */
  FieldEncoder TIMESTAMP =
      (text, from, to, out) -> {
        out.writeInt(8);
        out.writeLong(DateTimeEncoding.timestamp(text, from, to, false));
      };

  /** timestamptz: microseconds since 2000-01-01 00:00 UTC; the text carries its UTC offset. */
  FieldEncoder TIMESTAMPTZ =
      (text, from, to, out) -> {
        out.writeInt(8);
        out.writeLong(DateTimeEncoding.timestamp(text, from, to, true));
      };

  static BinaryCopyStream.Unconvertible unconvertible(String type, byte[] text, int from, int to) {
    String value = new String(text, from, Math.min(to - from, 80), StandardCharsets.UTF_8);
    return new BinaryCopyStream.Unconvertible("'" + value + "' is not " + type + " output");
  }

  /** A decimal integer as PostgreSQL writes it: an optional minus sign, then digits. */
  private static long parseLong(byte[] text, int from, int to, String type) {
    int i = from;
    boolean negative = i < to && text[i] == '-';
    if (negative) {
      i++;
    }
    if (i == to || to - i > 19) {
      throw unconvertible(type, text, from, to);
    }
    long value = 0; // accumulated negatively, so Long.MIN_VALUE fits
    for (; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
        throw unconvertible(type, text, from, to);
      }
      value = value * 10 - digit;
    }
    if (!negative && value == Long.MIN_VALUE) {
      throw unconvertible(type, text, from, to);
    }
    return negative ? value : -value;
  }

  /**
   * A float as float4out/float8out write it (shortest exact digits, {@code e+NN} exponents, {@code
   * NaN}, {@code Infinity}, {@code -Infinity}); Java's parser rounds exactly as strtod does.
   */
  private static double parseFloat(byte[] text, int from, int to, boolean single) {
    String value = new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    switch (value) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    for (int i = from; i < to; i++) {
      byte b = text[i];
      if (!(b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e')) {
        throw unconvertible(single ? "real" : "double precision", text, from, to);
      }
    }
    try {
      return single ? Float.parseFloat(value) : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw unconvertible(single ? "real" : "double precision", text, from, to);
    }
  }
}
