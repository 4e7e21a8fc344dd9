package io.github.pgkeeper.core.lint;

/** Rule families, in the order the documentation lists them. */
public enum Category {
  NAMING,
  STRUCTURE,
  IDEMPOTENCY,
  SAFETY,
  SECURITY,
  ONLINE,
  SHADOW
}
