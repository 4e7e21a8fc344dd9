package io.github.pgkeeper.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Keeps docs/configuration.md in step with the Mojos: the part below its marker is rendered from
 * the plugin descriptor that maven-plugin-plugin builds from the annotations. When a parameter is
 * added, renamed or changes its default, this test fails; refresh the file with {@code mvn test
 * -Dtest=ConfigurationReferenceTest -Ddocs.update=true}.
 */
class ConfigurationReferenceTest {
  private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");
  private static final Path REFERENCE = Path.of("docs/configuration.md");
  static final String MARKER =
      "<!-- Generated from the Mojo annotations by ConfigurationReferenceTest: refresh with"
          + " mvn test -Dtest=ConfigurationReferenceTest -Ddocs.update=true -->";

  record Parameter(String name, String property, String defaultValue, String description) {}

  record Goal(String name, String phase, String description, List<Parameter> parameters) {}

  @Test
  void everyParameterOfEveryGoalIsInTheReference() throws Exception {
    List<Goal> goals = goals();
    String expected = render(goals);
    String text = Files.readString(REFERENCE, StandardCharsets.UTF_8);
    int marker = text.indexOf(MARKER);
    assertTrue(marker >= 0, REFERENCE + " lost its marker line: " + MARKER);
    String intro = text.substring(0, marker + MARKER.length());
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(REFERENCE, intro + "\n" + expected, StandardCharsets.UTF_8);
      return;
    }
    String documented = text.substring(marker + MARKER.length());
    List<String> missing = new ArrayList<>();
    for (Goal goal : goals) {
      for (Parameter parameter : goal.parameters()) {
        if (!documented.contains(row(parameter))) {
          missing.add("db:" + goal.name() + " " + parameter.name());
        }
      }
    }
    assertEquals(List.of(), missing, "parameters missing or outdated in " + REFERENCE);
    assertEquals(
        expected,
        documented.substring(1),
        REFERENCE
            + " is out of date: run mvn test -Dtest=ConfigurationReferenceTest"
            + " -Ddocs.update=true");
  }

  static List<Goal> goals() throws Exception {
    assertTrue(Files.exists(DESCRIPTOR), "no " + DESCRIPTOR + ": run mvn process-classes first");
    Element plugin =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(DESCRIPTOR.toFile())
            .getDocumentElement();
    List<Goal> goals = new ArrayList<>();
    NodeList mojos = plugin.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      Element configuration = child(mojo, "configuration");
      List<Parameter> parameters = new ArrayList<>();
      NodeList declared = child(mojo, "parameters").getElementsByTagName("parameter");
      for (int j = 0; j < declared.getLength(); j++) {
        Element parameter = (Element) declared.item(j);
        if (!"true".equals(text(parameter, "editable"))) {
          continue;
        }
        String name = text(parameter, "name");
        Element value = configuration == null ? null : child(configuration, name);
        String expression = value == null ? "" : value.getTextContent().trim();
        String property =
            expression.startsWith("${") ? expression.substring(2, expression.length() - 1) : "";
        String defaultValue = value == null ? "" : value.getAttribute("default-value");
        parameters.add(
            new Parameter(name, property, defaultValue, plain(text(parameter, "description"))));
      }
      parameters.sort(Comparator.comparing(Parameter::name));
      goals.add(
          new Goal(
              text(mojo, "goal"),
              text(mojo, "phase"),
              plain(text(mojo, "description")),
              parameters));
    }
    goals.sort(Comparator.comparing(Goal::name));
    return goals;
  }

  static String render(List<Goal> goals) {
    StringBuilder out = new StringBuilder();
    for (Goal goal : goals) {
      out.append("\n## `db:").append(goal.name()).append("`\n\n");
      out.append(goal.description()).append("\n\n");
      out.append("Default phase: ")
          .append(goal.phase().isEmpty() ? "none (run it explicitly)" : "`" + goal.phase() + "`")
          .append(".\n\n");
      if (goal.parameters().isEmpty()) {
        continue;
      }
      out.append("| Parameter | Property | Default | Description |\n");
      out.append("|---|---|---|---|\n");
      for (Parameter parameter : goal.parameters()) {
        out.append(row(parameter)).append(' ').append(cell(parameter.description())).append(" |\n");
      }
    }
    return out.toString();
  }

  private static String row(Parameter parameter) {
    return "| `"
        + parameter.name()
        + "` | "
        + (parameter.property().isEmpty() ? "" : "`" + parameter.property() + "`")
        + " | "
        + (parameter.defaultValue().isEmpty() ? "" : "`" + cell(parameter.defaultValue()) + "`")
        + " |";
  }

  /**
   * The descriptor holds the javadoc as plain text (code markup dropped, {@code <server>} kept);
   * one line of markdown, with angle brackets that render as written.
   */
  private static String plain(String text) {
    return text.replaceAll("\\s+", " ").trim().replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  private static Element child(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? "" : element.getTextContent().trim();
  }
}
