package io.github.pgkeeper.core.schema;

/** How an object of the live database differs from the one its migrations produce. */
public enum Change {
  /** In the live database only: made by hand, never by a migration. */
  ADDED("added"),
  /** Made by the migrations, gone from the live database. */
  REMOVED("removed"),
  /** In both, defined differently. */
  CHANGED("changed");

  private final String label;

  Change(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
