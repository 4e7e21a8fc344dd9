package io.github.pgkeeper.core.restore;

import java.nio.charset.StandardCharsets;

/** numeric: base-10000 digits, weight, sign and display scale, as numeric_recv reads them. */
final class NumericEncoding {
  private static final int POSITIVE = 0x0000;
  private static final int NEGATIVE = 0x4000;
  private static final int NAN = 0xC000;
  private static final int PLUS_INFINITY = 0xD000;
  private static final int MINUS_INFINITY = 0xF000;

  private NumericEncoding() {}

  static void encode(byte[] text, int from, int to, BinaryCopyStream.Output out) {
    if (from == to) {
      throw FieldEncoder.unconvertible("numeric", text, from, to);
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
        throw FieldEncoder.unconvertible("numeric", text, from, to);
      }
    }
    int intEnd = point < 0 ? to : point;
    int fracStart = point < 0 ? to : point + 1;
    if (intEnd == i || point == to - 1 || to - fracStart > 0x3FFF) {
      throw FieldEncoder.unconvertible("numeric", text, from, to);
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
