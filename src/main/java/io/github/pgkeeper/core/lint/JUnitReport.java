package io.github.pgkeeper.core.lint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a report as JUnit XML, which Jenkins and GitLab show as test results: one test case per
 * file with findings, failing when it has a finding that fails the build under {@code failOn}
 * (errors always count); the other findings are listed in its {@code system-out}.
 */
public final class JUnitReport {
  private JUnitReport() {}

  public static void write(LintReport report, FailOn failOn, Path file) throws IOException {
    Map<String, List<Finding>> byFile = new LinkedHashMap<>();
    for (Finding finding : report.findings()) {
      byFile.computeIfAbsent(finding.file(), f -> new ArrayList<>()).add(finding);
    }
    int failures =
        (int)
            byFile.values().stream()
                .filter(list -> list.stream().anyMatch(f -> failOn.reportsAsFailure(f.severity())))
                .count();
    ReportFiles.createParent(file);
    // Buffered: the XML writer writes attribute by attribute, a system call each unbuffered.
    try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(stream, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "db:validate");
      xml.writeAttribute("tests", String.valueOf(Math.max(1, byFile.size())));
      xml.writeAttribute("failures", String.valueOf(failures));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", "0");
      xml.writeCharacters("\n");
      if (byFile.isEmpty()) {
        testCase(xml, "db:validate", report.summary(), List.of(), failOn);
      }
      for (Map.Entry<String, List<Finding>> entry : byFile.entrySet()) {
        testCase(xml, entry.getKey(), entry.getKey(), entry.getValue(), failOn);
      }
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void testCase(
      XMLStreamWriter xml, String className, String name, List<Finding> findings, FailOn failOn)
      throws XMLStreamException {
    xml.writeCharacters("  ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", className);
    xml.writeAttribute("name", name);
    xml.writeAttribute("time", "0");
    List<Finding> failing =
        findings.stream().filter(f -> failOn.reportsAsFailure(f.severity())).toList();
    if (!failing.isEmpty()) {
      xml.writeStartElement("failure");
      xml.writeAttribute(
          "message",
          failing.size()
              + (failing.size() == 1 ? " finding: " : " findings, first: ")
              + failing.get(0).format());
      xml.writeAttribute("type", failing.get(0).rule().id());
      xml.writeCharacters(lines(failing));
      xml.writeEndElement();
    }
    List<Finding> others =
        findings.stream().filter(f -> !failOn.reportsAsFailure(f.severity())).toList();
    if (!others.isEmpty()) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(lines(others));
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeCharacters("\n");
  }

  private static String lines(List<Finding> findings) {
    StringBuilder text = new StringBuilder();
    for (Finding finding : findings) {
      text.append(finding.severity().label()).append(": ").append(finding.format()).append('\n');
    }
    return text.toString();
  }
}
