package io.github.pgkeeper.core.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pgkeeper.core.PgKeeperException;
import io.github.pgkeeper.core.Setting;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionResolverTest {

  private static ConnectionConfig resolveUrl(String url) {
    return ConnectionResolver.resolve(url, null, null, null);
  }

  private static PgKeeperException rejected(String url, String databaseUrlEnv) {
    return assertThrows(
        PgKeeperException.class, () -> ConnectionResolver.resolve(url, null, null, databaseUrlEnv));
  }

  @Nested
  class LibpqUrls {
    @Test
    void postgresUrlBecomesJdbcUrlWithDecodedCredentials() {
      ConnectionConfig config = resolveUrl("postgres://user:p%40ss@host:6543/db?sslmode=require");
      assertEquals("jdbc:postgresql://host:6543/db?sslmode=require", config.url());
      assertEquals("user", config.user());
      assertEquals("p@ss", config.password());
    }

    @Test
    void postgresqlSchemeIsAcceptedToo() {
      ConnectionConfig config = resolveUrl("postgresql://alice:secret@db.example.com:5432/app");
      assertEquals("jdbc:postgresql://db.example.com:5432/app", config.url());
      assertEquals("alice", config.user());
      assertEquals("secret", config.password());
    }

    @Test
    void portIsOptional() {
      ConnectionConfig config = resolveUrl("postgres://u:p@localhost/mydb");
      assertEquals("jdbc:postgresql://localhost/mydb", config.url());
    }

    @Test
    void databaseIsOptional() {
      assertEquals(
          "jdbc:postgresql://localhost:5432/", resolveUrl("postgres://localhost:5432").url());
      assertEquals("jdbc:postgresql://localhost/", resolveUrl("postgres://localhost/").url());
    }

    @Test
    void ipv6Host() {
      ConnectionConfig config = resolveUrl("postgres://u:p@[::1]:5433/db");
      assertEquals("jdbc:postgresql://[::1]:5433/db", config.url());
      assertEquals("u", config.user());
      assertEquals("p", config.password());
      assertEquals(
          "jdbc:postgresql://[2001:db8::7]/db", resolveUrl("postgresql://[2001:db8::7]/db").url());
    }

    @Test
    void userWithoutPassword() {
      ConnectionConfig config = resolveUrl("postgres://alice@host/db");
      assertEquals("alice", config.user());
      assertNull(config.password());
    }

    @Test
    void noCredentials() {
      ConnectionConfig config = resolveUrl("postgres://host/db");
      assertNull(config.user());
      assertNull(config.password());
    }

    @Test
    void percentEncodedCharactersAreDecodedButPlusStaysAPlus() {
      ConnectionConfig config = resolveUrl("postgres://us%20er:a+b%3Ac%2Fd%25@host/db");
      assertEquals("us er", config.user());
      assertEquals("a+b:c/d%", config.password());
    }

    @Test
    void queryIsKeptAsWritten() {
      assertEquals(
          "jdbc:postgresql://h/db?sslmode=verify-full&application_name=my%20app",
          resolveUrl("postgres://h/db?sslmode=verify-full&application_name=my%20app").url());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
      assertEquals("jdbc:postgresql://h/db", resolveUrl("  postgres://h/db \n").url());
    }

    @Test
    void urlWithoutHostIsRejectedWithoutShowingThePassword() {
      PgKeeperException e = rejected("postgres://user:secret@/db", null);
      assertEquals(Optional.of(Setting.URL), e.setting());
      assertTrue(e.getMessage().contains("The configured url"), e.getMessage());
      assertTrue(e.getMessage().contains("no host"), e.getMessage());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void anUnencodedAtSignInThePasswordIsTakenAsPartOfIt() {
      // A common mistake with generated passwords: the host starts after the last @.
      ConnectionConfig config = DatabaseUrl.parse("postgres://user:Xy7@Qz9@host/db", "test");
      assertEquals("jdbc:postgresql://host/db", config.url());
      assertEquals("user", config.user());
      assertEquals("Xy7@Qz9", config.password());
    }

    @Test
    void malformedUrlIsRejectedWithoutShowingThePassword() {
      PgKeeperException e = rejected("postgres://user:my secret@host/db", null);
      assertEquals(Optional.of(Setting.URL), e.setting());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
      assertTrue(e.getMessage().contains("postgres://user:****@host/db"), e.getMessage());
    }

    @Test
    void isLibpqUrl() {
      assertTrue(DatabaseUrl.isLibpqUrl("postgres://h/db"));
      assertTrue(DatabaseUrl.isLibpqUrl("postgresql://h/db"));
      assertFalse(DatabaseUrl.isLibpqUrl("jdbc:postgresql://h/db"));
      assertFalse(DatabaseUrl.isLibpqUrl("mysql://h/db"));
      assertFalse(DatabaseUrl.isLibpqUrl(null));
    }
  }

  @Nested
  class Resolution {
    @Test
    void jdbcUrlIsUsedAsIs() {
      ConnectionConfig config =
          ConnectionResolver.resolve("jdbc:postgresql://h:5432/db?ssl=true", "bob", "pw", null);
      assertEquals("jdbc:postgresql://h:5432/db?ssl=true", config.url());
      assertEquals("bob", config.user());
      assertEquals("pw", config.password());
    }

    @Test
    void jdbcUrlWithoutExplicitCredentialsHasNone() {
      ConnectionConfig config = resolveUrl("jdbc:postgresql://h/db");
      assertNull(config.user());
      assertNull(config.password());
    }

    @Test
    void explicitUserAndPasswordOverrideTheUrlCredentials() {
      ConnectionConfig config =
          ConnectionResolver.resolve("postgres://urluser:urlpass@h/db", "me", "mine", null);
      assertEquals("jdbc:postgresql://h/db", config.url());
      assertEquals("me", config.user());
      assertEquals("mine", config.password());
    }

    @Test
    void explicitUserAloneKeepsTheUrlPassword() {
      ConnectionConfig config =
          ConnectionResolver.resolve("postgres://urluser:urlpass@h/db", "me", null, null);
      assertEquals("me", config.user());
      assertEquals("urlpass", config.password());
    }

    @Test
    void blankUserAndEmptyPasswordCountAsNotSet() {
      ConnectionConfig config =
          ConnectionResolver.resolve("postgres://urluser:urlpass@h/db", "  ", "", null);
      assertEquals("urluser", config.user());
      assertEquals("urlpass", config.password());
    }

    @Test
    void blankPasswordIsAPassword() {
      // Only null or "" mean "not set"; a password of spaces is unusual but possible.
      ConnectionConfig config =
          ConnectionResolver.resolve("postgres://urluser:urlpass@h/db", null, " ", null);
      assertEquals(" ", config.password());
    }

    @Test
    void databaseUrlIsUsedWhenNoUrlIsConfigured() {
      ConnectionConfig config =
          ConnectionResolver.resolve(null, null, null, "postgres://envuser:envpass@envhost/envdb");
      assertEquals("jdbc:postgresql://envhost/envdb", config.url());
      assertEquals("envuser", config.user());
      assertEquals("envpass", config.password());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void blankUrlFallsBackToDatabaseUrl(String blank) {
      ConnectionConfig config =
          ConnectionResolver.resolve(blank, "override", null, "postgres://e:p@envhost/envdb");
      assertEquals("jdbc:postgresql://envhost/envdb", config.url());
      assertEquals("override", config.user());
      assertEquals("p", config.password());
    }

    @Test
    void configuredUrlWinsOverDatabaseUrl() {
      ConnectionConfig config =
          ConnectionResolver.resolve(
              "jdbc:postgresql://configured/db", null, null, "postgres://e:p@envhost/envdb");
      assertEquals("jdbc:postgresql://configured/db", config.url());
      assertNull(config.user(), "credentials of an unused DATABASE_URL are not borrowed");
      assertNull(config.password());
    }

    @Test
    void databaseUrlMayBeAJdbcUrl() {
      assertEquals(
          "jdbc:postgresql://h/db",
          ConnectionResolver.resolve(null, null, null, " jdbc:postgresql://h/db ").url());
    }

    @Test
    void nothingConfiguredPointsAtTheUrlSettingAndDbStart() {
      for (String blank : new String[] {null, "", "  "}) {
        PgKeeperException e = rejected(blank, blank);
        assertEquals(Optional.of(Setting.URL), e.setting());
        assertTrue(e.getMessage().contains("db:start"), e.getMessage());
        assertTrue(e.getMessage().contains("DATABASE_URL"), e.getMessage());
      }
    }

    @Test
    void mysqlUrlIsRejected() {
      PgKeeperException e = rejected("jdbc:mysql://root:secret@h:3306/db?password=secret", null);
      assertEquals(Optional.of(Setting.URL), e.setting());
      assertTrue(e.getMessage().contains("not a PostgreSQL URL"), e.getMessage());
      assertTrue(e.getMessage().contains("jdbc:mysql://"), e.getMessage());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void libpqStyleMysqlUrlIsRejected() {
      PgKeeperException e = rejected("mysql://root:secret@h/db", null);
      assertEquals(Optional.of(Setting.URL), e.setting());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void badDatabaseUrlIsNamedAsSuch() {
      PgKeeperException e = rejected(null, "mysql://h/db");
      assertTrue(e.getMessage().contains("DATABASE_URL"), e.getMessage());
      assertEquals(Optional.of(Setting.DATABASE_URL), e.setting());

      PgKeeperException noHost = rejected(null, "postgres:///db");
      assertTrue(noHost.getMessage().contains("DATABASE_URL"), noHost.getMessage());
    }
  }

  @Nested
  class Masking {
    @Test
    void toStringNeverShowsThePassword() {
      ConnectionConfig config = resolveUrl("postgres://alice:s3cr3t@h/db");
      String text = config.toString();
      assertFalse(text.contains("s3cr3t"), text);
      assertTrue(text.contains("alice"), text);
      assertTrue(text.contains("jdbc:postgresql://h/db"), text);
      assertTrue(text.contains("password=****"), text);
    }

    @Test
    void passwordParameterInAJdbcUrlIsMasked() {
      ConnectionConfig config =
          resolveUrl("jdbc:postgresql://h/db?user=bob&password=secret&sslmode=require");
      assertEquals(
          "jdbc:postgresql://h/db?user=bob&password=****&sslmode=require", config.maskedUrl());
      assertFalse(config.toString().contains("secret"), config.toString());
      assertEquals(
          "jdbc:postgresql://h/db?user=bob&password=secret&sslmode=require",
          config.url(),
          "the URL itself keeps the password, it is needed to connect");
    }

    @Test
    void passwordAsFirstParameterIsMasked() {
      ConnectionConfig config =
          new ConnectionConfig("jdbc:postgresql://h/db?password=secret", null, null);
      assertEquals("jdbc:postgresql://h/db?password=****", config.maskedUrl());
    }

    @Test
    void userInfoPasswordIsMasked() {
      ConnectionConfig config =
          new ConnectionConfig("jdbc:postgresql://bob:secret@h:5432/db", "bob", "secret");
      assertEquals("jdbc:postgresql://bob:****@h:5432/db", config.maskedUrl());
      assertFalse(config.toString().contains("secret"), config.toString());
    }

    @Test
    void explicitPasswordNeverAppearsInToString() {
      ConnectionConfig config = new ConnectionConfig("jdbc:postgresql://h/db", "bob", "hunter2");
      assertFalse(config.toString().contains("hunter2"), config.toString());
      assertEquals(
          "ConnectionConfig[url=jdbc:postgresql://h/db, user=bob, password=****]",
          config.toString());
    }

    @ParameterizedTest
    @CsvSource(
        value = {
          "postgres://u:secret@h/db | postgres://u:****@h/db",
          "postgresql://u:@h/db | postgresql://u:****@h/db",
          "x?PASSWORD=secret&a=b | x?PASSWORD=****&a=b",
          "x?a=b&Password=secret | x?a=b&Password=****",
          "jdbc:postgresql://h:5432/db | jdbc:postgresql://h:5432/db",
          "postgres://user@h:5432/db | postgres://user@h:5432/db",
          "postgres://u:p@ss@h/db | postgres://u:****@h/db",
          "FATAL: password authentication failed for user \"bob\""
              + " | FATAL: password authentication failed for user \"bob\"",
          "cannot reach postgres://u:secret@h1/db or postgres://v:other@h2/db"
              + " | cannot reach postgres://u:****@h1/db or postgres://v:****@h2/db",
          "Connection to postgres://u:pw@h refused, ask admin@example.com"
              + " | Connection to postgres://u:****@h refused, ask admin@example.com",
          "'' | ''"
        },
        delimiter = '|')
    void maskReplacesPasswordsInArbitraryText(String text, String masked) {
      assertEquals(masked, ConnectionConfig.mask(text));
    }

    @Test
    void maskOfNullIsNull() {
      assertNull(ConnectionConfig.mask(null));
    }
  }

  @Test
  void aHostNameWithAnUnderscoreAsDockerComposeUsesIsAccepted() {
    ConnectionConfig config = DatabaseUrl.parse("postgres://app:pw@my_db:5432/app", "test");
    assertEquals("jdbc:postgresql://my_db:5432/app", config.url());
    assertEquals("app", config.user());
    assertEquals("pw", config.password());
  }
}
