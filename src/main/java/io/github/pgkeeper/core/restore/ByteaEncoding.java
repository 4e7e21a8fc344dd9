package io.github.pgkeeper.core.restore;

/** bytea in either output format: hex ({@code \x0a1b}) or escape ({@code a\012b\\}). */
final class ByteaEncoding {
  private ByteaEncoding() {}

  static void encode(byte[] text, int from, int to, BinaryCopyStream.Output out) {
    if (to - from >= 2 && text[from] == '\\' && text[from + 1] == 'x') {
      int digits = to - from - 2;
      if (digits % 2 != 0) {
        throw FieldEncoder.unconvertible("bytea", text, from, to);
      }
      out.writeInt(digits / 2);
      for (int i = from + 2; i < to; i += 2) {
        int high = Character.digit(text[i], 16);
        int low = Character.digit(text[i + 1], 16);
        if (high < 0 || low < 0) {
          throw FieldEncoder.unconvertible("bytea", text, from, to);
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
        throw FieldEncoder.unconvertible("bytea", text, from, to);
      }
    }
  }

  private static boolean octal(byte b) {
    return b >= '0' && b <= '7';
  }
}
