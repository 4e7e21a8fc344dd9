package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksumsTest {
  private static final String LF = "CREATE TABLE t (\n  id int\n);\n";

  @Test
  void sha256OfTheEmptyStringIsTheKnownValue() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checksums.sha256(""));
  }

  @Test
  void sha256OfAKnownText() {
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Checksums.sha256("abc"));
  }

  @Test
  void checksumIsLowerCaseHexOfSixtyFourCharacters() {
    String checksum = Checksums.sha256(LF);
    assertEquals(64, checksum.length());
    assertTrue(checksum.matches("[0-9a-f]{64}"), checksum);
  }

  @Test
  void crlfLineEndsGiveTheSameChecksum() {
    assertEquals(Checksums.sha256(LF), Checksums.sha256(LF.replace("\n", "\r\n")));
  }

  @Test
  void byteOrderMarkGivesTheSameChecksum() {
    assertEquals(Checksums.sha256(LF), Checksums.sha256("\uFEFF" + LF));
  }

  @Test
  void bomAndCrlfTogetherGiveTheSameChecksum() {
    assertEquals(Checksums.sha256(LF), Checksums.sha256("\uFEFF" + LF.replace("\n", "\r\n")));
  }

  @Test
  void bomOnlyCountsAtTheStart() {
    assertNotEquals(Checksums.sha256("a\uFEFFb"), Checksums.sha256("ab"));
  }

  @Test
  void differentContentGivesADifferentChecksum() {
    assertNotEquals(Checksums.sha256(LF), Checksums.sha256(LF.replace("id", "ID")));
    assertNotEquals(Checksums.sha256(LF), Checksums.sha256(LF + " "));
    assertNotEquals(Checksums.sha256(LF), Checksums.sha256(LF.replace("\n", "")));
  }

  @Test
  void loneCarriageReturnIsContent() {
    assertNotEquals(Checksums.sha256("a\rb"), Checksums.sha256("a\nb"));
  }

  @Test
  void nonAsciiTextIsHashedAsUtf8() {
    // sha256 of the UTF-8 bytes C3 A9 of "é" (its Latin-1 byte E9 would give de2e331d...).
    assertEquals(
        "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c",
        Checksums.sha256("\u00e9"));
    assertNotEquals(Checksums.sha256("\u00e9"), Checksums.sha256("e\u0301"));
  }

  @Test
  void normalizeStripsBomAndCrlf() {
    assertEquals("a\nb\n", Checksums.normalize("\uFEFFa\r\nb\r\n"));
    assertEquals("a\rb", Checksums.normalize("a\rb"));
    assertEquals("", Checksums.normalize("\uFEFF"));
  }

  @Test
  void normalizeLeavesCleanTextAlone() {
    String clean = "SELECT 1;\n";
    assertSame(clean, Checksums.normalize(clean));
  }

  @Test
  void normalizeIsIdempotent() {
    String once = Checksums.normalize("\uFEFFx\r\n\r\ny");
    assertEquals(once, Checksums.normalize(once));
    assertEquals(Checksums.sha256(once), Checksums.sha256("\uFEFFx\r\n\r\ny"));
  }
}
