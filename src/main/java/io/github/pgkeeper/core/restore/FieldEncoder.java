package io.github.pgkeeper.core.restore;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;

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

  FieldEncoder NUMERIC = Numerics::encode;

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

  FieldEncoder BYTEA = Byteas::encode;

  /** date: days since 2000-01-01, as a 4-byte integer. */
  FieldEncoder DATE =
      (text, from, to, out) -> {
        out.writeInt(4);
        out.writeInt(Timestamps.date(text, from, to));
      };

  /** timestamp: microseconds since 2000-01-01 00:00, as written (no zone). */
  FieldEncoder TIMESTAMP =
      (text, from, to, out) -> {
        out.writeInt(8);
        out.writeLong(Timestamps.timestamp(text, from, to, false));
      };

  /** timestamptz: microseconds since 2000-01-01 00:00 UTC; the text carries its UTC offset. */
  FieldEncoder TIMESTAMPTZ =
      (text, from, to, out) -> {
        out.writeInt(8);
        out.writeLong(Timestamps.timestamp(text, from, to, true));
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

  /** numeric: base-10000 digits, weight, sign and display scale, as numeric_recv reads them. */
  final class Numerics {
    private static final int POSITIVE = 0x0000;
    private static final int NEGATIVE = 0x4000;
    private static final int NAN = 0xC000;
    private static final int PLUS_INFINITY = 0xD000;
    private static final int MINUS_INFINITY = 0xF000;

    private Numerics() {}

    static void encode(byte[] text, int from, int to, BinaryCopyStream.Output out) {
      if (from == to) {
        throw unconvertible("numeric", text, from, to);
      }
      int special = special(text, from, to);
      if (special >= 0) {
        out.writeInt(8);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(special);
        out.writeShort(0);
        return;
      }
      int i = from;
      boolean negative = text[i] == '-';
      if (negative) {
        i++;
      }
      int point = -1;
      for (int j = i; j < to; j++) {
        byte b = text[j];
        if (b == '.' && point < 0) {
          point = j;
        } else if (b < '0' || b > '9') {
          throw unconvertible("numeric", text, from, to);
        }
      }
      int intEnd = point < 0 ? to : point;
      int fracStart = point < 0 ? to : point + 1;
      if (intEnd == i || point == to - 1 || to - fracStart > 0x3FFF) {
        throw unconvertible("numeric", text, from, to);
      }
      int intDigits = intEnd - i;
      int fracDigits = to - fracStart;
      int intGroups = (intDigits + 3) / 4;
      int fracGroups = (fracDigits + 3) / 4;
      int groups = intGroups + fracGroups;
      out.writeInt(8 + 2 * groups);
      out.writeShort(groups);
      out.writeShort(intGroups - 1); // weight; leading zero groups are stripped by the server
      out.writeShort(negative ? NEGATIVE : POSITIVE);
      out.writeShort(fracDigits);
      // Integer digits, right-aligned on the decimal point in groups of four.
      int firstGroup = intDigits - (intGroups - 1) * 4;
      int j = i;
      for (int g = 0; g < intGroups; g++) {
        int take = g == 0 ? firstGroup : 4;
        int value = 0;
        for (int k = 0; k < take; k++) {
          value = value * 10 + (text[j++] - '0');
        }
        out.writeShort(value);
      }
      // Fraction digits, left-aligned on the decimal point, the last group padded with zeros.
      j = fracStart;
      for (int g = 0; g < fracGroups; g++) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
          value = value * 10 + (j < to ? text[j++] - '0' : 0);
        }
        out.writeShort(value);
      }
    }

    private static int special(byte[] text, int from, int to) {
      if (to - from < 3 || (text[from] >= '0' && text[from] <= '9')) {
        return -1;
      }
      switch (new String(text, from, to - from, StandardCharsets.ISO_8859_1)) {
        case "NaN":
          return NAN;
        case "Infinity":
          return PLUS_INFINITY;
        case "-Infinity":
          return MINUS_INFINITY;
        default:
          return -1;
      }
    }
  }

  /** bytea in either output format: hex ({@code \x0a1b}) or escape ({@code a\012b\\}). */
  final class Byteas {
    private Byteas() {}

    static void encode(byte[] text, int from, int to, BinaryCopyStream.Output out) {
      if (to - from >= 2 && text[from] == '\\' && text[from + 1] == 'x') {
        int digits = to - from - 2;
        if (digits % 2 != 0) {
          throw unconvertible("bytea", text, from, to);
        }
        out.writeInt(digits / 2);
        for (int i = from + 2; i < to; i += 2) {
          int high = Character.digit(text[i], 16);
          int low = Character.digit(text[i + 1], 16);
          if (high < 0 || low < 0) {
            throw unconvertible("bytea", text, from, to);
          }
          out.writeByte(high << 4 | low);
        }
        return;
      }
      int length = 0;
      for (int i = from; i < to; i++, length++) {
        if (text[i] == '\\') {
          i += i + 1 < to && text[i + 1] == '\\' ? 1 : 3;
        }
      }
      out.writeInt(length);
      for (int i = from; i < to; i++) {
        if (text[i] != '\\') {
          out.writeByte(text[i]);
        } else if (i + 1 < to && text[i + 1] == '\\') {
          out.writeByte('\\');
          i++;
        } else if (i + 3 < to && octal(text[i + 1]) && octal(text[i + 2]) && octal(text[i + 3])) {
          out.writeByte((text[i + 1] - '0') << 6 | (text[i + 2] - '0') << 3 | (text[i + 3] - '0'));
          i += 3;
        } else {
          throw unconvertible("bytea", text, from, to);
        }
      }
    }

    private static boolean octal(byte b) {
      return b >= '0' && b <= '7';
    }
  }

  /**
   * Dates and timestamps in DateStyle ISO: {@code YYYY-MM-DD[ HH:MM:SS[.ffffff]][+HH[:MM[:SS]]][
   * BC]}, years of four or more digits, and {@code infinity} / {@code -infinity}. PostgreSQL counts
   * on the proleptic Gregorian calendar, as {@link LocalDate} does; 1 BC is year 0.
   */
  final class Timestamps {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
    private static final long EPOCH_2000_DAYS = LocalDate.of(2000, 1, 1).toEpochDay();

    private Timestamps() {}

    static int date(byte[] text, int from, int to) {
      if (equals(text, from, to, "infinity")) {
        return Integer.MAX_VALUE;
      }
      if (equals(text, from, to, "-infinity")) {
        return Integer.MIN_VALUE;
      }
      boolean bc = endsWith(text, from, to, " BC");
      int end = bc ? to - 3 : to;
      long days = days(text, from, end, bc, "date");
      if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
        throw unconvertible("date", text, from, to);
      }
      return (int) days;
    }

    static long timestamp(byte[] text, int from, int to, boolean withZone) {
      String type = withZone ? "timestamp with time zone" : "timestamp";
      if (equals(text, from, to, "infinity")) {
        return Long.MAX_VALUE;
      }
      if (equals(text, from, to, "-infinity")) {
        return Long.MIN_VALUE;
      }
      boolean bc = endsWith(text, from, to, " BC");
      int end = bc ? to - 3 : to;
      int space = indexOf(text, from, end, (byte) ' ');
      if (space < 0) {
        throw unconvertible(type, text, from, to);
      }
      long days = days(text, from, space, bc, type);
      // HH:MM:SS
      int i = space + 1;
      if (end - i < 8 || text[i + 2] != ':' || text[i + 5] != ':') {
        throw unconvertible(type, text, from, to);
      }
      long hours = digits(text, i, i + 2, type, from, to);
      long minutes = digits(text, i + 3, i + 5, type, from, to);
      long seconds = digits(text, i + 6, i + 8, type, from, to);
      i += 8;
      long micros = 0;
      if (i < end && text[i] == '.') {
        int start = ++i;
        while (i < end && text[i] >= '0' && text[i] <= '9') {
          i++;
        }
        if (i == start || i - start > 6) {
          throw unconvertible(type, text, from, to);
        }
        micros = digits(text, start, i, type, from, to);
        for (int k = i - start; k < 6; k++) {
          micros *= 10;
        }
      }
      long offsetSeconds = 0;
      if (withZone) {
        if (i >= end || (text[i] != '+' && text[i] != '-')) {
          throw unconvertible(type, text, from, to);
        }
        int sign = text[i] == '-' ? -1 : 1;
        int length = end - i - 1;
        if (length != 2 && length != 5 && length != 8) {
          throw unconvertible(type, text, from, to);
        }
        long offset = digits(text, i + 1, i + 3, type, from, to) * 3600;
        if (length >= 5) {
          expect(text, i + 3, ':', type, from, to);
          offset += digits(text, i + 4, i + 6, type, from, to) * 60;
        }
        if (length == 8) {
          expect(text, i + 6, ':', type, from, to);
          offset += digits(text, i + 7, i + 9, type, from, to);
        }
        offsetSeconds = sign * offset;
        i = end;
      }
      if (i != end || hours > 24 || minutes > 59 || seconds > 60) {
        throw unconvertible(type, text, from, to);
      }
      long time = ((hours * 60 + minutes) * 60 + seconds - offsetSeconds) * MICROS_PER_SECOND;
      try {
        return Math.addExact(Math.multiplyExact(days, MICROS_PER_DAY), time + micros);
      } catch (ArithmeticException e) {
        throw unconvertible(type, text, from, to);
      }
    }

    /** Days from 2000-01-01 to {@code YYYY-MM-DD}. */
    private static long days(byte[] text, int from, int to, boolean bc, String type) {
      int dash = indexOf(text, from, to, (byte) '-');
      if (dash - from < 4 || to - dash != 6 || text[dash + 3] != '-') {
        throw unconvertible(type, text, from, to);
      }
      long year = digits(text, from, dash, type, from, to);
      int month = (int) digits(text, dash + 1, dash + 3, type, from, to);
      int day = (int) digits(text, dash + 4, dash + 6, type, from, to);
      if (bc) {
        year = 1 - year;
      }
      try {
        return LocalDate.of(Math.toIntExact(year), month, day).toEpochDay() - EPOCH_2000_DAYS;
      } catch (DateTimeException | ArithmeticException e) {
        throw unconvertible(type, text, from, to);
      }
    }

    private static long digits(byte[] text, int from, int to, String type, int all, int allTo) {
      if (to <= from || to - from > 9) {
        throw unconvertible(type, text, all, allTo);
      }
      long value = 0;
      for (int i = from; i < to; i++) {
        int digit = text[i] - '0';
        if (digit < 0 || digit > 9) {
          throw unconvertible(type, text, all, allTo);
        }
        value = value * 10 + digit;
      }
      return value;
    }

    private static void expect(byte[] text, int at, char c, String type, int from, int to) {
      if (text[at] != c) {
        throw unconvertible(type, text, from, to);
      }
    }

    private static int indexOf(byte[] text, int from, int to, byte wanted) {
      for (int i = from; i < to; i++) {
        if (text[i] == wanted) {
          return i;
        }
      }
      return -1;
    }

    private static boolean equals(byte[] text, int from, int to, String literal) {
      if (to - from != literal.length()) {
        return false;
      }
      for (int i = 0; i < literal.length(); i++) {
        if (text[from + i] != literal.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private static boolean endsWith(byte[] text, int from, int to, String literal) {
      return to - from > literal.length() && equals(text, to - literal.length(), to, literal);
    }
  }
}
