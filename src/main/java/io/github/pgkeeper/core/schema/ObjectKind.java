package io.github.pgkeeper.core.schema;

/**
 * The kinds of object a {@link SchemaModel} holds, in the order pg_dump sorts kinds when nothing
 * else decides (dependencies always come first). Each kind has the section it is created in by
 * default (an object that depends on a later section moves there too) and, for kinds with an owner,
 * the words of {@code ALTER … OWNER TO}.
 */
public enum ObjectKind {
  SCHEMA(Section.PRE_DATA, "SCHEMA"),
  EXTENSION(Section.PRE_DATA, null),
  /** {@code CREATE COLLATION}: columns, domains and indexes may use one. */
  COLLATION(Section.PRE_DATA, "COLLATION"),
  TYPE(Section.PRE_DATA, "TYPE"),
  DOMAIN(Section.PRE_DATA, "DOMAIN"),
  FUNCTION(Section.PRE_DATA, "FUNCTION"),
  PROCEDURE(Section.PRE_DATA, "PROCEDURE"),
  AGGREGATE(Section.PRE_DATA, "AGGREGATE"),
  SEQUENCE(Section.PRE_DATA, "SEQUENCE"),
  TABLE(Section.PRE_DATA, "TABLE"),
  /** A column's DEFAULT: {@code ALTER TABLE … ALTER COLUMN … SET DEFAULT}. Named table.column. */
  DEFAULT(Section.PRE_DATA, null),
  /** {@code ALTER SEQUENCE … OWNED BY table.column} of a serial column's sequence. */
  SEQUENCE_OWNED_BY(Section.PRE_DATA, null),
  /** A CHECK constraint that is validated: rows are checked as they load. */
  CHECK_CONSTRAINT(Section.PRE_DATA, null),
  VIEW(Section.PRE_DATA, "VIEW"),
  /** Created {@code WITH NO DATA}; the restore refreshes the populated ones at its end. */
  MATERIALIZED_VIEW(Section.PRE_DATA, "MATERIALIZED VIEW"),
  /** Primary-key, unique and exclusion constraints, and CHECK constraints NOT VALID. */
  CONSTRAINT(Section.POST_DATA, null),
  INDEX(Section.POST_DATA, null),
  /** An extended statistics object ({@code CREATE STATISTICS}), on a table's columns. */
  STATISTICS(Section.POST_DATA, "STATISTICS"),
  FOREIGN_KEY(Section.POST_DATA, null),
  TRIGGER(Section.POST_DATA, null),
  RULE(Section.POST_DATA, null),
  /** {@code ALTER TABLE … ENABLE / FORCE ROW LEVEL SECURITY}. */
  ROW_SECURITY(Section.POST_DATA, null),
  POLICY(Section.POST_DATA, null),
  PUBLICATION(Section.POST_DATA, "PUBLICATION"),
  /** One table of a publication: {@code ALTER PUBLICATION … ADD TABLE …}. */
  PUBLICATION_TABLE(Section.POST_DATA, null),
  COMMENT(Section.POST_DATA, null),
  /** The grants on one object: named after the object, such as {@code TABLE public.orders}. */
  ACL(Section.POST_DATA, null),
  DEFAULT_ACL(Section.POST_DATA, null);

  private final Section section;
  private final String ownerKeyword;

  ObjectKind(Section section, String ownerKeyword) {
    this.section = section;
    this.ownerKeyword = ownerKeyword;
  }

  public Section section() {
    return section;
  }

  /** The words after ALTER in {@code ALTER … name OWNER TO role}, or null: no owner of its own. */
  public String ownerKeyword() {
    return ownerKeyword;
  }

  /** As written in schema.sql: {@code MATERIALIZED VIEW}, {@code FOREIGN KEY}. */
  public String label() {
    return name().replace('_', ' ');
  }

  public static ObjectKind fromLabel(String label) {
    return valueOf(label.replace(' ', '_'));
  }
}
