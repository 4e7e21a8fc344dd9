package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/validate-rules.md documents every rule, with its default severity and two examples. */
class RulesDocumentationTest {
  private static final Pattern HEADING = Pattern.compile("(?m)^### ([a-z0-9-]+)$");

  @Test
  void everyRuleHasASectionWithItsSeverityAndABadAndAGoodExample() throws IOException {
    String doc = Files.readString(Path.of("docs/validate-rules.md"));
    List<String> missing = new ArrayList<>();
    for (Rule rule : Rule.values()) {
      String section = section(doc, rule.id());
      if (section == null) {
        missing.add(rule.id() + " (no '### " + rule.id() + "' section)");
        continue;
      }
      if (!section.contains("**Default: " + rule.defaultSeverity().label() + ".**")) {
        missing.add(rule.id() + " (default severity " + rule.defaultSeverity().label() + ")");
      }
      if (!section.contains("Bad") || !section.contains("Good")) {
        missing.add(rule.id() + " (a Bad and a Good example)");
      }
    }
    assertEquals(List.of(), missing, "docs/validate-rules.md is missing");
  }

  @Test
  void theDocumentationNamesNoRuleThatDoesNotExist() throws IOException {
    String doc = Files.readString(Path.of("docs/validate-rules.md"));
    Matcher heading = HEADING.matcher(doc);
    while (heading.find()) {
      assertTrue(Rule.byId(heading.group(1)).isPresent(), "unknown rule " + heading.group(1));
    }
  }

  @Test
  void ruleIdsAreKebabCaseAndUnique() {
    assertEquals(
        Rule.values().length,
        java.util.Arrays.stream(Rule.values()).map(Rule::id).distinct().count());
    for (Rule rule : Rule.values()) {
      assertTrue(rule.id().matches("[a-z]+(-[a-z]+)*"), rule.id());
      assertTrue(rule.helpUri().endsWith("#" + rule.id()));
    }
  }

  /** The SQL after "Good" in a section: inline code ending in ';', then a fenced block. */
  private static List<String> goodSql(String section) {
    int good = section.indexOf("Good");
    List<String> sql = new ArrayList<>();
    if (good < 0) {
      return sql;
    }
    String rest = section.substring(good);
    int fence = rest.indexOf("```sql\n");
    Matcher inline =
        Pattern.compile("`([^`]+;)`").matcher(fence < 0 ? rest : rest.substring(0, fence));
    while (inline.find()) {
      sql.add(inline.group(1));
    }
    if (fence >= 0) {
      int body = fence + "```sql\n".length();
      sql.add(rest.substring(body, rest.indexOf("```", body)));
    }
    return sql;
  }

  @Test
  void theGoodExamplesOfTheConcurrentIndexRulesSurviveAFailedBuild() throws IOException {
    String doc = Files.readString(Path.of("docs/validate-rules.md"));
    for (Rule rule :
        List.of(
            Rule.INDEX_WITHOUT_CONCURRENTLY,
            Rule.CONCURRENTLY_IN_TRANSACTION,
            Rule.CREATE_INDEX_NOT_IDEMPOTENT)) {
      String section = section(doc, rule.id());
      List<String> examples = goodSql(section);
      assertTrue(!examples.isEmpty(), rule.id() + " has a good example");
      String concurrent = examples.get(examples.size() - 1);
      if (rule != Rule.CREATE_INDEX_NOT_IDEMPOTENT || concurrent.contains("CONCURRENTLY")) {
        assertTrue(concurrent.contains("DROP INDEX CONCURRENTLY IF EXISTS"), concurrent);
        assertTrue(!concurrent.contains("CONCURRENTLY IF NOT EXISTS"), concurrent);
      }
      for (String example : examples) {
        assertEquals(
            List.of(), Lint.of(Lint.sql(example), rule), rule.id() + " good example: " + example);
      }
    }
    assertTrue(!Rule.INDEX_WITHOUT_CONCURRENTLY.fix().contains("CONCURRENTLY IF NOT EXISTS"));
  }

  private static String section(String doc, String id) {
    Matcher heading = HEADING.matcher(doc);
    while (heading.find()) {
      if (heading.group(1).equals(id)) {
        int end = doc.indexOf("\n#", heading.end());
        return doc.substring(heading.end(), end < 0 ? doc.length() : end);
      }
    }
    return null;
  }
}
