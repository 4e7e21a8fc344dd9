package io.github.pgkeeper.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.jdbc.ConnectionConfig;
import io.github.pgkeeper.core.jdbc.Connections;
import io.github.pgkeeper.testing.Sql;
import io.github.pgkeeper.testing.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The binary rewrite against the real server: every value PostgreSQL writes as COPY text for the
 * covered types, read back through binary COPY, must come out as the very same text.
 */
class BinaryCopyStreamTest {
  private static final String COLUMNS =
      "b boolean, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,"
          + " n numeric, n2 numeric(12, 2), t text, vc varchar(20), ch char(5), j json, jb jsonb,"
          + " u uuid, by bytea, d date, ts timestamp, tz timestamptz, e mood, p positive_int";

  private static final List<FieldEncoder> ENCODERS =
      List.of(
          FieldEncoder.BOOL,
          FieldEncoder.INT2,
          FieldEncoder.INT4,
          FieldEncoder.INT8,
          FieldEncoder.FLOAT4,
          FieldEncoder.FLOAT8,
          FieldEncoder.NUMERIC,
          FieldEncoder.NUMERIC,
          FieldEncoder.TEXT,
          FieldEncoder.TEXT,
          FieldEncoder.TEXT,
          FieldEncoder.TEXT,
          FieldEncoder.JSONB,
          FieldEncoder.UUID,
          FieldEncoder.BYTEA,
          FieldEncoder.DATE,
          FieldEncoder.TIMESTAMP,
          FieldEncoder.TIMESTAMPTZ,
          FieldEncoder.TEXT,
          FieldEncoder.INT4);

  private static final List<String> NAMES =
      List.of(
          "b", "i2", "i4", "i8", "f4", "f8", "n", "n2", "t", "vc", "ch", "j", "jb", "u", "by", "d",
          "ts", "tz", "e", "p");

  /** Edge values, one row each; the columns not named stay NULL. */
  private static final String VALUES =
      """
      INSERT INTO source (b, i2, i4, i8, f4, f8, n, n2) VALUES
        (true, -32768, -2147483648, -9223372036854775808, 'NaN', '-Infinity', 'NaN', 0),
        (false, 32767, 2147483647, 9223372036854775807, 'Infinity', 'NaN', 'Infinity', -0.01),
        (NULL, 0, 0, 0, '-0', '-0', '-Infinity', 9999999999.99),
        (NULL, -1, 7, 42, 0.1, 0.1, '0.000000000000000000000000001', 12.5),
        (NULL, NULL, NULL, NULL, 1.4e-45, 4.9e-324, '-123456789012345678901234567890.1234567890', 1),
        (NULL, NULL, NULL, NULL, 3.4028235e38, 1.7976931348623157e308, 1e100, NULL),
        (NULL, NULL, NULL, NULL, 1e-10, 2.2250738585072014e-308, '10000', -5),
        (NULL, NULL, NULL, NULL, -123.456, 1e-300, '0.00010', NULL);
      INSERT INTO source (t, vc, ch, j, jb, u, by) VALUES
        (E'tab\\there\\nnew line\\\\ back\\rslash \\b \\f \\v', 'Grüße 日本語 🎉', 'ab',
         '{"a": [1, 2.50, "x\\ty"], "b": null}', '{"a": [1, 2.50, "x\\ty"], "b": null, "c": "é"}',
         'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\\x00ff7f0a5c09'),
        ('', '', '', '""', '[]', '00000000-0000-0000-0000-000000000000', ''),
        ('\\N', 'N', 'abcde', '  {"spaces": 1}  ', '"\\\\u0000 escaped"',
         'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'plain\\\\text');
      INSERT INTO source (d, ts, tz, e, p) VALUES
        ('infinity', 'infinity', 'infinity', 'sad', 1),
        ('-infinity', '-infinity', '-infinity', 'happy', 2147483647),
        ('4713-01-01 BC', '4713-11-24 00:00:00 BC', '4713-11-24 00:00:00+00 BC', 'ok', 3),
        ('0001-01-01 BC', '0044-03-15 12:30:00.5 BC', '0001-12-31 23:59:59.999999+00 BC', NULL, 4),
        ('0001-01-01', '0001-01-01 00:00:00', '0001-01-01 00:00:00+00', NULL, NULL),
        ('1999-12-31', '1999-12-31 23:59:59.999999', '2000-01-01 00:00:00+00', NULL, NULL),
        ('2000-02-29', '2024-02-29 12:00:00.000001', '1850-01-01 12:00:00 Europe/Amsterdam', NULL,
         NULL),
        ('5874897-12-31', '294276-12-31 23:59:59.999999', '294276-12-31 23:59:59.999999+00', NULL,
         NULL),
        (NULL, '1970-01-01 00:00:00', '2024-06-01 10:15:30.25 Asia/Kathmandu', NULL, NULL),
        (NULL, NULL, '1900-01-01 00:00:00 America/St_Johns', NULL, NULL),
        (NULL, NULL, '2024-11-03 01:30:00 America/New_York', NULL, NULL),
        (NULL, NULL, '1883-11-18 12:00:00 America/Chicago', NULL, NULL);
      INSERT INTO source (i8, n, t)
        SELECT g, g * 1.001, repeat('x', g % 50) FROM generate_series(1, 20000) g;
      """;

  private static ConnectionConfig database;

  @BeforeAll
  static void createTables() {
    database = TestDatabases.freshDatabase();
    Sql.execute(database, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    Sql.execute(database, "CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)");
    Sql.execute(database, "CREATE TABLE source (" + COLUMNS + ")");
    Sql.execute(database, "CREATE TABLE target (" + COLUMNS + ")");
    Sql.execute(database, VALUES);
  }

  /** The rows come out as the very same COPY text, whatever the zone they were written in. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "UTC",
        "Asia/Kathmandu",
        "America/St_Johns",
        "Europe/Amsterdam",
        "Pacific/Chatham"
      })
  void everyValueSurvivesTheRewriteExactly(String zone) throws Exception {
    roundTrip(zone, "hex");
  }

  /** bytea as the older escape format writes it ({@code \\000}, {@code \\\\}), not hex. */
  @Test
  void byteaInTheEscapeFormatSurvivesTooExactly() throws Exception {
    roundTrip("UTC", "escape");
  }

  private static void roundTrip(String zone, String byteaOutput) throws Exception {
    try (Connection connection = Connections.open(database)) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TimeZone = '" + zone + "'");
        statement.execute("SET DateStyle = ISO");
        statement.execute("SET extra_float_digits = 3");
        statement.execute("SET bytea_output = " + byteaOutput);
        statement.execute("TRUNCATE target");
      }
      byte[] text = copyOut(copy, "COPY source TO STDOUT");

      long rows =
          copy.copyIn(
              "COPY target FROM STDIN WITH (FORMAT binary)",
              new BinaryCopyStream(new ByteArrayInputStream(text), NAMES, ENCODERS));

      assertEquals(20023, rows);
      assertEquals(
          new String(text, StandardCharsets.UTF_8),
          new String(copyOut(copy, "COPY target TO STDOUT"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void escapesAreReadAsTheServersCopyReaderReadsThem() throws Exception {
    // Octal and hex escapes, and an escaped character that needs none: COPY TO never writes
    // these, but COPY FROM accepts them.
    byte[] text = "\\101\\x42\\q\\\\\t\\N\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    try (InputStream in =
        new BinaryCopyStream(
            new ByteArrayInputStream(text),
            List.of("a", "b"),
            List.of(FieldEncoder.TEXT, FieldEncoder.TEXT))) {
      in.transferTo(binary);
    }
    byte[] out = binary.toByteArray();
    // Signature (11), flags (4), extension (4), field count (2), length (4), value, length -1.
    String value = new String(out, 25, 4, StandardCharsets.UTF_8);
    assertEquals("ABq\\", value);
    assertEquals(-1, java.nio.ByteBuffer.wrap(out, 29, 4).getInt());
  }

  @Test
  void textTheServerWouldNotHaveWrittenIsUnconvertibleNamingLineAndColumn() {
    assertUnconvertible("1\t 42\n", "line 1, column b");
    assertUnconvertible("1\t2\n3\t4.5\n", "line 2, column b");
    assertUnconvertible("1\t2\t3\n", "line 1: it has more fields");
    assertUnconvertible("1\n", "line 1: it has 1 field(s) for 2 columns");
    assertUnconvertible("1\t2", "does not end in a newline");
    assertUnconvertible("1\t2\r\n", "carriage return");
  }

  private static void assertUnconvertible(String text, String expected) {
    BinaryCopyStream.Unconvertible failure =
        assertThrows(
            BinaryCopyStream.Unconvertible.class,
            () -> {
              try (InputStream in =
                  new BinaryCopyStream(
                      new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                      List.of("a", "b"),
                      List.of(FieldEncoder.INT4, FieldEncoder.INT4))) {
                in.transferTo(new ByteArrayOutputStream());
              }
            });
    assertTrue(failure.getMessage().contains(expected), failure.getMessage());
  }

  private static byte[] copyOut(CopyManager copy, String sql) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copy.copyOut(sql, out);
    return out.toByteArray();
  }
}
