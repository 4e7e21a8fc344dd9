package io.github.pgkeeper.core.schema;

/**
 * When an object is created during a restore, as pg_dump splits a dump: before the rows are loaded
 * (what the rows need to have a place), or after (what would slow the load or check rows one by
 * one: indexes, keys, foreign keys, triggers, policies, grants).
 */
public enum Section {
  PRE_DATA("pre-data"),
  POST_DATA("post-data");

  private final String label;

  Section(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Section fromLabel(String label) {
    for (Section section : values()) {
      if (section.label.equals(label)) {
        return section;
      }
    }
    throw new IllegalArgumentException("unknown section " + label);
  }
}
