package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

  private static Version v(String text) {
    return Version.parse(text);
  }

  private static void assertLess(String smaller, String bigger) {
    assertTrue(v(smaller).compareTo(v(bigger)) < 0, smaller + " < " + bigger);
    assertTrue(v(bigger).compareTo(v(smaller)) > 0, bigger + " > " + smaller);
    assertNotEquals(v(smaller), v(bigger));
  }

  private static void assertSameVersion(String a, String b) {
    assertEquals(0, v(a).compareTo(v(b)), a + " compares equal to " + b);
    assertEquals(v(a), v(b));
    assertEquals(v(b), v(a));
    assertEquals(v(a).hashCode(), v(b).hashCode(), "equal versions need equal hash codes");
  }

  @Test
  void leadingZerosDoNotMatter() {
    assertSameVersion("005", "5");
    assertSameVersion("0001", "1");
    assertSameVersion("1.02", "1.2");
  }

  @Test
  void trailingZeroSegmentsDoNotMatter() {
    assertSameVersion("1.0", "1");
    assertSameVersion("1.0.0", "1");
    assertSameVersion("2.5.0", "2.5");
    assertSameVersion("0", "0.0");
  }

  @Test
  void zeroInTheMiddleMatters() {
    assertLess("1.0.1", "1.1");
    assertLess("1", "1.0.1");
  }

  @Test
  void segmentsCompareNumerically() {
    assertLess("1.9", "1.10");
    assertLess("2", "10");
    assertLess("9.99", "10.0");
    assertLess("1.2", "1.2.1");
  }

  @Test
  void letterSuffixSortsAfterTheBareNumber() {
    assertLess("127", "127a");
    assertLess("127a", "127b");
    assertLess("127b", "128");
    assertLess("127z", "128");
  }

  @Test
  void letterSuffixIsCaseInsensitive() {
    assertSameVersion("127A", "127a");
    assertEquals("127a", v("127A").normalized());
  }

  @Test
  void timestampsCompareAsNumbers() {
    assertLess("20240101120000", "20240101120001");
    assertLess("99", "20240101120000");
    assertSameVersion("20240101120000", "020240101120000");
  }

  @Test
  void numbersBeyondLongRange() {
    assertLess("99999999999999999999", "100000000000000000000");
  }

  @Test
  void sortsAShuffledList() {
    List<String> expected =
        List.of(
            "1",
            "1.1",
            "1.2",
            "1.9",
            "1.10",
            "2",
            "5a",
            "5b",
            "10",
            "127",
            "127a",
            "128",
            "20240101120000",
            "20240101120001");
    List<Version> versions = new ArrayList<>(expected.stream().map(Version::parse).toList());
    Collections.shuffle(versions, new Random(42));
    Collections.sort(versions);
    assertEquals(expected, versions.stream().map(Version::toString).toList());
  }

  @Test
  void hashSetsAndSortedSetsTreatEqualVersionsAsOne() {
    Set<Version> sorted = new TreeSet<>(List.of(v("5"), v("005"), v("5.0"), v("6")));
    assertEquals(2, sorted.size());
    assertEquals(2, Set.copyOf(new ArrayList<>(sorted)).size());
    assertEquals(1, new java.util.HashSet<>(List.of(v("5"), v("005"), v("5.0"))).size());
  }

  @ParameterizedTest
  @CsvSource({
    "005, 5",
    "1.0, 1",
    "1.0.0, 1",
    "01.020.0, 1.20",
    "1.0.3, 1.0.3",
    "127a, 127a",
    "0, 0",
    "000, 0",
    "0.0, 0",
    "20240101120000, 20240101120000"
  })
  void normalized(String text, String normalized) {
    assertEquals(normalized, v(text).normalized());
  }

  @Test
  void toStringKeepsTheTextAsWritten() {
    assertEquals("005", v("005").toString());
    assertEquals("1.0", v("1.0").toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "a", "a1", "1-2", "1..2", "1.", ".1", "1_2", "-1", " 1", "1 ", "1.a", "1a2"})
  void invalidTextIsRejected(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void notEqualToOtherTypes() {
    assertNotEquals(v("1"), "1");
    assertNotEquals(v("1"), null);
  }
}
