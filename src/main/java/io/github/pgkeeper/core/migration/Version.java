package io.github.pgkeeper.core.migration;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration version such as {@code 005}, {@code 127a}, {@code 20240101120000} or {@code 1.2.3}.
 *
 * <p>Versions compare numerically segment by segment: {@code 005} equals {@code 5}, {@code 1.10}
 * comes after {@code 1.9}, and missing segments count as zero, so {@code 1.0} equals {@code 1}. A
 * letter suffix sorts after the bare number: {@code 127 < 127a < 127b < 128}. {@link #toString()}
 * keeps the text as written, since that is what users search for.
 */
public final class Version implements Comparable<Version> {
  private static final Pattern SEGMENT = Pattern.compile("(\\d+)([a-zA-Z]*)");
  private static final Segment ZERO = new Segment(BigInteger.ZERO, "");

  private final String text;
  private final List<Segment> segments;

  private record Segment(BigInteger number, String suffix) implements Comparable<Segment> {
    @Override
    public int compareTo(Segment other) {
      int byNumber = number.compareTo(other.number);
      return byNumber != 0 ? byNumber : suffix.compareTo(other.suffix);
    }
  }

  private Version(String text, List<Segment> segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * Parses dot-separated numeric segments, each optionally followed by letters.
   *
   * @throws IllegalArgumentException if {@code text} is not such a version
   */
  public static Version parse(String text) {
    List<Segment> segments = new ArrayList<>();
    for (String part : text.split("\\.", -1)) {
      Matcher matcher = SEGMENT.matcher(part);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("not a version: '" + text + "'");
      }
      segments.add(
          new Segment(new BigInteger(matcher.group(1)), matcher.group(2).toLowerCase(Locale.ROOT)));
    }
    // Trailing zero segments do not change the value: 1.0 is 1.
    int size = segments.size();
    while (size > 1 && segments.get(size - 1).equals(ZERO)) {
      size--;
    }
    return new Version(text, List.copyOf(segments.subList(0, size)));
  }

  /**
   * The canonical form: no leading zeros, no trailing zero segments ({@code 005} gives {@code 5}).
   */
  public String normalized() {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      if (!out.isEmpty()) {
        out.append('.');
      }
      out.append(segment.number).append(segment.suffix);
    }
    return out.toString();
  }

  @Override
  public int compareTo(Version other) {
    int count = Math.max(segments.size(), other.segments.size());
    for (int i = 0; i < count; i++) {
      Segment mine = i < segments.size() ? segments.get(i) : ZERO;
      Segment theirs = i < other.segments.size() ? other.segments.get(i) : ZERO;
      int result = mine.compareTo(theirs);
      if (result != 0) {
        return result;
      }
    }
    return 0;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Version version && compareTo(version) == 0;
  }

  @Override
  public int hashCode() {
    return normalized().hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
