package io.github.pgkeeper.core.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link StatusReport} as an aligned text table or as JSON. */
public enum StatusFormat {
  TEXT,
  JSON;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  /** Created on first use: text output should not pay for loading Jackson. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Accepts {@code text} or {@code json}, in any case. */
  public static StatusFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown status format '" + name + "': use text or json");
    }
  }

  /** The report as lines, ready to log or write to a file. */
  public List<String> render(StatusReport report) {
    return this == JSON ? json(report).lines().toList() : table(report);
  }

  private static List<String> table(StatusReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Version", "Description", "State", "Applied at", "Time (ms)"});
    for (MigrationStatus migration : report.migrations()) {
      rows.add(
          new String[] {
            migration.version().toString(),
            migration.description(),
            migration.stateText(),
            migration.installedAt() == null ? "" : TIME.format(migration.installedAt()),
            migration.executionTimeMillis() == null
                ? ""
                : migration.executionTimeMillis().toString()
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        line.append(i == 0 ? "" : " | ").append(pad(rows.get(r)[i], widths[i]));
      }
      lines.add(line.toString().stripTrailing());
      if (r == 0) {
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
          rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        lines.add(rule.toString());
      }
    }
    lines.add(report.summary());
    return lines;
  }

  private static String json(StatusReport report) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("currentVersion", report.currentVersion().map(Version::toString).orElse(null));
    ObjectNode counts = root.putObject("counts");
    report
        .counts()
        .forEach((state, count) -> counts.put(state.name().toLowerCase(Locale.ROOT), count));
    ArrayNode migrations = root.putArray("migrations");
    for (MigrationStatus migration : report.migrations()) {
      ObjectNode node = migrations.addObject();
      node.put("version", migration.version().toString());
      node.put("description", migration.description());
      node.put("script", migration.script());
      node.put("state", migration.state().name().toLowerCase(Locale.ROOT));
      node.put(
          "installedAt",
          migration.installedAt() == null ? null : TIME.format(migration.installedAt()));
      node.put("executionTimeMs", migration.executionTimeMillis());
      if (!migration.stateText().equals(migration.state().label())) {
        node.put("detail", migration.stateText());
      }
      node.put("checksum", migration.file() == null ? null : migration.file().checksum());
    }
    root.put("summary", report.summary());
    try {
      return Json.MAPPER.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
