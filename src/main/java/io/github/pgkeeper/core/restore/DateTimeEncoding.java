package io.github.pgkeeper.core.restore;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Dates and timestamps in DateStyle ISO: {@code YYYY-MM-DD[ HH:MM:SS[.ffffff]][+HH[:MM[:SS]]][
 * BC]}, years of four or more digits, and {@code infinity} / {@code -infinity}. PostgreSQL counts
 * on the proleptic Gregorian calendar, as {@link LocalDate} does; 1 BC is year 0.
 */
final class DateTimeEncoding {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final long EPOCH_2000_DAYS = LocalDate.of(2000, 1, 1).toEpochDay();

  private DateTimeEncoding() {}

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
      throw FieldEncoder.unconvertible("date", text, from, to);
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
      throw FieldEncoder.unconvertible(type, text, from, to);
    }
    long days = days(text, from, space, bc, type);
    // HH:MM:SS
    int i = space + 1;
    if (end - i < 8 || text[i + 2] != ':' || text[i + 5] != ':') {
      throw FieldEncoder.unconvertible(type, text, from, to);
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
        throw FieldEncoder.unconvertible(type, text, from, to);
      }
      micros = digits(text, start, i, type, from, to);
      for (int k = i - start; k < 6; k++) {
        micros *= 10;
      }
    }
    long offsetSeconds = 0;
    if (withZone) {
      if (i >= end || (text[i] != '+' && text[i] != '-')) {
        throw FieldEncoder.unconvertible(type, text, from, to);
      }
      int sign = text[i] == '-' ? -1 : 1;
      int length = end - i - 1;
      if (length != 2 && length != 5 && length != 8) {
        throw FieldEncoder.unconvertible(type, text, from, to);
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
      throw FieldEncoder.unconvertible(type, text, from, to);
    }
    long time = ((hours * 60 + minutes) * 60 + seconds - offsetSeconds) * MICROS_PER_SECOND;
    try {
      return Math.addExact(Math.multiplyExact(days, MICROS_PER_DAY), time + micros);
    } catch (ArithmeticException e) {
      throw FieldEncoder.unconvertible(type, text, from, to);
    }
  }

  /** Days from 2000-01-01 to {@code YYYY-MM-DD}. */
  private static long days(byte[] text, int from, int to, boolean bc, String type) {
    int dash = indexOf(text, from, to, (byte) '-');
    if (dash - from < 4 || to - dash != 6 || text[dash + 3] != '-') {
      throw FieldEncoder.unconvertible(type, text, from, to);
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
      throw FieldEncoder.unconvertible(type, text, from, to);
    }
  }

  private static long digits(byte[] text, int from, int to, String type, int all, int allTo) {
    if (to <= from || to - from > 9) {
      throw FieldEncoder.unconvertible(type, text, all, allTo);
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        throw FieldEncoder.unconvertible(type, text, all, allTo);
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static void expect(byte[] text, int at, char c, String type, int from, int to) {
    if (text[at] != c) {
      throw FieldEncoder.unconvertible(type, text, from, to);
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
