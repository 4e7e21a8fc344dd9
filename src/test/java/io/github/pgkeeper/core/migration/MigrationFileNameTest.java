package io.github.pgkeeper.core.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationFileNameTest {

  private static MigrationFileName parsed(String fileName) {
    Optional<MigrationFileName> name = MigrationFileName.parse(fileName);
    assertTrue(name.isPresent(), fileName + " should parse");
    return name.get();
  }

  @ParameterizedTest(name = "{0} -> version {1}, description ''{2}''")
  @CsvSource(
      value = {
        "001_create_users.sql | 1 | create users",
        "005_add_index.sql | 5 | add index",
        "42_x.sql | 42 | x",
        "127a_fix_typo.sql | 127a | fix typo",
        "127B_fix.sql | 127b | fix",
        "20240101120000_create_users.sql | 20240101120000 | create users",
        "V1.2.3__create_users.sql | 1.2.3 | create users",
        "V1_2__create_users.sql | 1.2 | create users",
        "V1_2_3__x.sql | 1.2.3 | x",
        "V7__init.sql | 7 | init",
        "V2a__patch.sql | 2a | patch",
        "V1.2__.sql | 1.2 | ''",
        "005.sql | 5 | ''",
        "V3.sql | 3 | ''",
        "001_.sql | 1 | ''",
        "001__double.sql | 1 | double",
        "002_add_users_email_Index.sql | 2 | add users email Index",
        "003_with.dots.sql | 3 | with.dots",
        "004_with-dash.sql | 4 | with-dash",
        "0042-create-users.sql | 42 | create-users",
        "20240318093000-add_profiles.sql | 20240318093000 | add profiles",
        "7-.sql | 7 | ''",
        "20250101123456_9b2f0c7e-5d1a-4c3e-8f00-2a6b1c9d4e7f.sql | 20250101123456"
            + " | 9b2f0c7e-5d1a-4c3e-8f00-2a6b1c9d4e7f"
      },
      delimiter = '|')
  void acceptedNames(String fileName, String normalizedVersion, String description) {
    MigrationFileName name = parsed(fileName);
    assertEquals(normalizedVersion, name.version().normalized());
    assertEquals(description, name.description());
  }

  @Test
  void versionKeepsTheTextAsWritten() {
    assertEquals("001", parsed("001_a.sql").version().toString());
    assertEquals("1.2", parsed("V1_2__a.sql").version().toString(), "underscores become dots");
  }

  @Test
  void flywayAndNumberedFormsGiveEqualVersions() {
    assertEquals(parsed("V1__a.sql").version(), parsed("001_b.sql").version());
    assertEquals(parsed("V1_2__a.sql").version(), parsed("V1.2__b.sql").version());
  }

  @Test
  void underscoresInTheDescriptionBecomeSpaces() {
    assertEquals("add  two spaces", parsed("1_add__two_spaces.sql").description());
    assertEquals("trimmed", parsed("1_trimmed_.sql").description());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "name.sql",
        "V1_name.sql", // a Flyway name needs a double underscore before the description
        "V_1__name.sql",
        "README.md",
        "001_create_users.txt",
        "001_create_users.sql.bak",
        "-1-name.sql",
        "1--.sql.orig",
        "1.2_name.sql", // dotted versions need the V prefix
        "127ab_two_letters.sql",
        "_001_leading_underscore.sql",
        "001 name.sql",
        ".sql",
        "001",
        ""
      })
  void rejectedNames(String fileName) {
    assertEquals(Optional.empty(), MigrationFileName.parse(fileName), fileName);
  }

  @Test
  void anUpperCaseExtensionIsAccepted() {
    assertEquals("7", MigrationFileName.parse("007_x.SQL").orElseThrow().version().normalized());
  }
}
