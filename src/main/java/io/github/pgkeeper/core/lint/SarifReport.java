package io.github.pgkeeper.core.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes a report as SARIF 2.1.0, the format GitHub code scanning uploads ({@code
 * github/codeql-action/upload-sarif}). Every rule is listed with its id, description and help link;
 * each result points at its file, relative to the project's base directory ({@code %SRCROOT%}), and
 * its line and column.
 */
public final class SarifReport {
  private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  public static ObjectNode toJson(LintReport report, String toolVersion) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "pgkeeper db:validate");
    driver.put("informationUri", Rule.DOCS_URL);
    driver.put("version", toolVersion);
    ArrayNode rules = driver.putArray("rules");
    Map<Rule, Integer> index = new EnumMap<>(Rule.class);
    for (Rule rule : Rule.values()) {
      index.put(rule, index.size());
      ObjectNode node = rules.addObject();
      node.put("id", rule.id());
      node.put("name", rule.name());
      node.putObject("shortDescription").put("text", rule.summary());
      node.putObject("fullDescription").put("text", rule.summary() + " Fix: " + rule.fix() + ".");
      node.put("helpUri", rule.helpUri());
      node.putObject("help").put("text", "Fix: " + rule.fix() + ". See " + rule.helpUri());
      String level = rule.defaultSeverity().sarifLevel();
      node.putObject("defaultConfiguration")
          .put("level", rule.defaultSeverity() == Severity.OFF ? "none" : level)
          .put("enabled", rule.defaultSeverity() != Severity.OFF);
      node.putObject("properties")
          .putArray("tags")
          .add("postgresql")
          .add(rule.category().name().toLowerCase(java.util.Locale.ROOT));
    }
    run.putObject("originalUriBaseIds")
        .putObject("%SRCROOT%")
        .putObject("description")
        .put("text", "The project's base directory");
    ArrayNode results = run.putArray("results");
    for (Finding finding : report.findings()) {
      ObjectNode result = results.addObject();
      result.put("ruleId", finding.rule().id());
      result.put("ruleIndex", index.get(finding.rule()));
      result.put("level", finding.severity().sarifLevel());
      String fix =
          finding.fix() == null || finding.fix().isEmpty() ? "" : " Fix: " + finding.fix() + ".";
      result.putObject("message").put("text", finding.message() + fix);
      ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
      physical
          .putObject("artifactLocation")
          .put("uri", finding.file())
          .put("uriBaseId", "%SRCROOT%");
      physical
          .putObject("region")
          .put("startLine", Math.max(1, finding.line()))
          .put("startColumn", Math.max(1, finding.column()));
    }
    return root;
  }

  /** Writes the report to {@code file}, creating its folder. */
  public static void write(LintReport report, String toolVersion, Path file) throws IOException {
    ReportFiles.createParent(file);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), toJson(report, toolVersion));
  }
}
