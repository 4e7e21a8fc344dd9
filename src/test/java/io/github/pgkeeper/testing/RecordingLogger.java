package io.github.pgkeeper.testing;

import io.github.pgkeeper.core.Logger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every line the engine logs, prefixed with its level, so tests can assert on them. */
public class RecordingLogger implements Logger {
  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void debug(String message) {
    lines.add("DEBUG " + message);
  }

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
  }

  /** The warnings, without their level prefix. */
  public List<String> warnings() {
    return level("WARN ");
  }

  /** The debug lines, without their level prefix. */
  public List<String> debugs() {
    return level("DEBUG ");
  }

  private List<String> level(String prefix) {
    return lines.stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .toList();
  }

  public String all() {
    return String.join("\n", lines);
  }
}
