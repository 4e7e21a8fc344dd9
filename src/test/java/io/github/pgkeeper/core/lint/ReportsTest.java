package io.github.pgkeeper.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SARIF, JUnit and GitHub forms of a report. */
class ReportsTest {
  private static final LintReport REPORT =
      new LintReport(
          List.of(
              new Finding(
                  "migrations/002_b.sql",
                  7,
                  3,
                  Rule.INSERT_NOT_IDEMPOTENT,
                  Severity.WARNING,
                  "INSERT, with 100% \"quotes\",\nand a newline",
                  "ON CONFLICT"),
              new Finding(
                  "migrations/001_a.sql",
                  2,
                  1,
                  Rule.DROP_NOT_IDEMPOTENT,
                  Severity.ERROR,
                  "DROP TABLE t fails",
                  "DROP TABLE IF EXISTS"),
              new Finding(
                  "migrations/archive/x.sql",
                  1,
                  1,
                  Rule.IGNORED_FILE,
                  Severity.INFO,
                  "left out",
                  "")),
          3,
          10);

  @Test
  void sarifHasWhatGithubCodeScanningRequires(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("target/db-validate.sarif");
    SarifReport.write(REPORT, "1.2.3", file);
    JsonNode sarif = new ObjectMapper().readTree(file.toFile());

    assertEquals("2.1.0", sarif.get("version").asText());
    assertTrue(sarif.get("$schema").asText().contains("sarif-2.1.0"));
    JsonNode run = sarif.get("runs").get(0);
    JsonNode driver = run.get("tool").get("driver");
    assertEquals("1.2.3", driver.get("version").asText());
    assertEquals(Rule.values().length, driver.get("rules").size());
    for (JsonNode rule : driver.get("rules")) {
      assertTrue(Rule.byId(rule.get("id").asText()).isPresent());
      assertTrue(!rule.get("shortDescription").get("text").asText().isEmpty());
      assertTrue(rule.get("helpUri").asText().startsWith("https://"));
    }
    JsonNode results = run.get("results");
    assertEquals(3, results.size());
    JsonNode first = results.get(0);
    assertEquals("drop-not-idempotent", first.get("ruleId").asText());
    assertEquals("error", first.get("level").asText());
    assertEquals(
        "drop-not-idempotent",
        driver.get("rules").get(first.get("ruleIndex").asInt()).get("id").asText());
    JsonNode location = first.get("locations").get(0).get("physicalLocation");
    assertEquals("migrations/001_a.sql", location.get("artifactLocation").get("uri").asText());
    assertEquals("%SRCROOT%", location.get("artifactLocation").get("uriBaseId").asText());
    assertEquals(2, location.get("region").get("startLine").asInt());
    assertEquals(1, location.get("region").get("startColumn").asInt());
    assertEquals("warning", results.get(1).get("level").asText());
    assertEquals(
        3,
        results
            .get(1)
            .get("locations")
            .get(0)
            .get("physicalLocation")
            .get("region")
            .get("startColumn")
            .asInt());
    assertEquals("note", results.get(2).get("level").asText());
    assertTrue(first.get("message").get("text").asText().endsWith("Fix: DROP TABLE IF EXISTS."));
  }

  @Test
  void junitHasOneCasePerFileAndFailsThoseWithFailingFindings(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("junit.xml");
    JUnitReport.write(REPORT, FailOn.ERROR, file);
    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(file.toFile())
            .getDocumentElement();
    assertEquals("3", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    NodeList cases = suite.getElementsByTagName("testcase");
    Element a = (Element) cases.item(0);
    assertEquals("migrations/001_a.sql", a.getAttribute("classname"));
    assertEquals(
        "drop-not-idempotent",
        ((Element) a.getElementsByTagName("failure").item(0)).getAttribute("type"));
    Element b = (Element) cases.item(1);
    assertEquals(0, b.getElementsByTagName("failure").getLength());
    assertTrue(
        b.getElementsByTagName("system-out")
            .item(0)
            .getTextContent()
            .contains("warning: migrations/002_b.sql:[7,3]"));

    JUnitReport.write(REPORT, FailOn.WARNING, file);
    String strict = Files.readString(file);
    assertTrue(strict.contains("failures=\"2\""), strict);
  }

  @Test
  void githubAnnotationsEscapeTheirFields() {
    assertEquals(
        List.of(
            "::error file=migrations/001_a.sql,line=2,col=1,title=drop-not-idempotent::DROP TABLE t"
                + " fails (fix: DROP TABLE IF EXISTS)",
            "::warning file=migrations/002_b.sql,line=7,col=3,title=insert-not-idempotent::INSERT,"
                + " with 100%25 \"quotes\",%0Aand a newline (fix: ON CONFLICT)",
            "::notice file=migrations/archive/x.sql,line=1,col=1,title=ignored-file::left out"),
        GithubAnnotations.lines(REPORT));
    assertTrue(GithubAnnotations.enabled("true"));
    assertTrue(!GithubAnnotations.enabled(null));
  }
}
