package io.github.pgkeeper.core.lint;

import java.util.Optional;

/**
 * Every check db:validate makes, with its stable id (kebab-case, never renamed once released: POMs,
 * {@code -- db:ignore} comments and code-scanning alerts refer to it), its default severity, a
 * one-line summary and the usual fix. docs/validate-rules.md documents each one with examples.
 */
public enum Rule {
  // Naming and structure of the set.
  DUPLICATE_VERSION(
      "duplicate-version",
      Category.NAMING,
      Severity.ERROR,
      "Two migration files share a version (versions compare numerically: 005 = 5, 1.0 = 1).",
      "renumber one of the files, or list the version in allowedDuplicates if both were applied"),
  UNPARSABLE_NAME(
      "unparsable-name",
      Category.NAMING,
      Severity.ERROR,
      "A .sql file in a migration location whose name is not a migration name; it never runs.",
      "rename it NNN_description.sql, YYYYMMDDHHMMSS_description.sql or V1.2__description.sql,"
          + " or move it out of the location"),
  MISSING_DESCRIPTION(
      "missing-description",
      Category.NAMING,
      Severity.WARNING,
      "A migration file name with a version but no description.",
      "add a description: 005_add_orders.sql"),
  IGNORED_FILE(
      "ignored-file",
      Category.NAMING,
      Severity.INFO,
      "A .sql file in a subfolder of a migration location, which is not scanned.",
      "set recursive=true if it should run, or leave it as an archived script"),
  SUPABASE_CLI_SKIPS_FILE(
      "supabase-cli-skips-file",
      Category.NAMING,
      Severity.WARNING,
      "In the supabase history mode, a migration whose file name the Supabase CLI does not match"
          + " (^([0-9]+)_(.*)\\.sql$), so supabase db push skips it without a word.",
      "rename it <digits>_<description>.sql, such as 20240101120000_add_orders.sql, before it is"
          + " applied anywhere"),
  SUPABASE_CLI_RUNS_DOWN_FILE(
      "supabase-cli-runs-down-file",
      Category.NAMING,
      Severity.ERROR,
      "In the supabase history mode, a companion down file such as 003_add_orders.down.sql: its"
          + " name matches the Supabase CLI's pattern, so supabase db push runs it as a migration"
          + " and undoes the change it belongs to.",
      "move the down part into the migration file after a -- migrate:down line, or keep down"
          + " files outside the Supabase CLI's migrations folder"),
  VERSION_ORDER_DIFFERS_FROM_NAME_ORDER(
      "version-order-differs-from-name-order",
      Category.NAMING,
      Severity.WARNING,
      "Versions of mixed width, such as 8-digit dates beside 14-digit timestamps, make the order"
          + " by version number differ from the order by file name (the Supabase CLI's); the"
          + " finding says which one migrations run in (db.order) and where the other would put"
          + " the file.",
      "give new files versions of the width the rest of the set uses; leave applied files as they"
          + " are, and accept their order with -- db:ignore version-order-differs-from-name-order"),

  // Lexical and transaction errors.
  LEXICAL_ERROR(
      "lexical-error",
      Category.STRUCTURE,
      Severity.ERROR,
      "A quoted string, quoted identifier, block comment or dollar quote that is never closed.",
      "close it; everything after it is read as part of it"),
  NESTED_DOLLAR_QUOTE(
      "nested-dollar-quote",
      Category.STRUCTURE,
      Severity.ERROR,
      "A dollar-quoted body nested inside another with the same delimiter, such as a $$ function"
          + " inside DO $$: the outer body ends where the inner one starts.",
      "give the inner body its own tag: AS $fn$ ... $fn$"),
  UNSUPPORTED_IF_NOT_EXISTS(
      "unsupported-if-not-exists",
      Category.STRUCTURE,
      Severity.ERROR,
      "IF NOT EXISTS on a statement that has no such form in PostgreSQL, such as CREATE POLICY.",
      "remove IF NOT EXISTS and precede the statement with DROP ... IF EXISTS, or guard it in a DO"
          + " block"),
  TRANSACTION_CONTROL(
      "transaction-control",
      Category.STRUCTURE,
      Severity.ERROR,
      "Transaction control db:migrate refuses: ROLLBACK or ABORT of the file's own work, PREPARE"
          + " TRANSACTION, a BEGIN inside an open block, a BEGIN never committed, or COMMIT AND"
          + " CHAIN outside a block.",
      "remove it; undo part of a block with SAVEPOINT and ROLLBACK TO SAVEPOINT, and close every"
          + " BEGIN with COMMIT"),
  MID_FILE_COMMIT(
      "mid-file-commit",
      Category.STRUCTURE,
      Severity.WARNING,
      "A COMMIT (or END) in the middle of a file, or a BEGIN after statements outside a block: the"
          + " file is not atomic. db:migrate, like the Supabase CLI, commits it in several"
          + " transactions, records each and resumes after the last one committed.",
      "keep one BEGIN; ... COMMIT; pair around the whole file if it must be all or nothing, or"
          + " split it into one file per transaction"),
  CONCURRENTLY_IN_TRANSACTION(
      "concurrently-in-transaction",
      Category.STRUCTURE,
      Severity.ERROR,
      "CREATE INDEX CONCURRENTLY (or another statement PostgreSQL refuses in a transaction block)"
          + " between an explicit BEGIN and COMMIT.",
      "remove the BEGIN/COMMIT around it; pgkeeper runs such a file statement by statement"),
  INVALID_DIRECTIVE(
      "invalid-directive",
      Category.STRUCTURE,
      Severity.WARNING,
      "A -- db:ignore comment with an unknown rule id or no reason, or a -- db:transaction value"
          + " other than on or off.",
      "write -- db:ignore <rule-id> <reason>"),

  // Statements that fail, or change the result, when run twice.
  CREATE_TABLE_NOT_IDEMPOTENT(
      "create-table-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE TABLE without IF NOT EXISTS fails when run twice.",
      "CREATE TABLE IF NOT EXISTS"),
  CREATE_INDEX_NOT_IDEMPOTENT(
      "create-index-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE INDEX without IF NOT EXISTS fails when run twice.",
      "CREATE INDEX IF NOT EXISTS name ON ..."),
  UNNAMED_INDEX(
      "unnamed-index",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE INDEX without a name adds another identical index on every run.",
      "name the index and add IF NOT EXISTS"),
  CREATE_SCHEMA_NOT_IDEMPOTENT(
      "create-schema-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE SCHEMA without IF NOT EXISTS fails when run twice.",
      "CREATE SCHEMA IF NOT EXISTS"),
  CREATE_SEQUENCE_NOT_IDEMPOTENT(
      "create-sequence-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE SEQUENCE without IF NOT EXISTS fails when run twice.",
      "CREATE SEQUENCE IF NOT EXISTS"),
  CREATE_EXTENSION_NOT_IDEMPOTENT(
      "create-extension-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE EXTENSION without IF NOT EXISTS fails when run twice.",
      "CREATE EXTENSION IF NOT EXISTS"),
  CREATE_MATERIALIZED_VIEW_NOT_IDEMPOTENT(
      "create-materialized-view-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE MATERIALIZED VIEW without IF NOT EXISTS fails when run twice.",
      "CREATE MATERIALIZED VIEW IF NOT EXISTS"),
  CREATE_FUNCTION_NOT_IDEMPOTENT(
      "create-function-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE FUNCTION, PROCEDURE or AGGREGATE without OR REPLACE fails when run twice.",
      "CREATE OR REPLACE FUNCTION"),
  CREATE_VIEW_NOT_IDEMPOTENT(
      "create-view-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE VIEW without OR REPLACE fails when run twice.",
      "CREATE OR REPLACE VIEW"),
  CREATE_TRIGGER_NOT_IDEMPOTENT(
      "create-trigger-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE TRIGGER without OR REPLACE (PostgreSQL 14+) or a preceding DROP TRIGGER IF EXISTS"
          + " fails when run twice.",
      "CREATE OR REPLACE TRIGGER (PostgreSQL 14+), or DROP TRIGGER IF EXISTS name ON table first"),
  CREATE_TYPE_NOT_IDEMPOTENT(
      "create-type-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE TYPE or CREATE DOMAIN with no guard fails when run twice.",
      "DROP TYPE IF EXISTS first, or create it in a DO block that catches duplicate_object"),
  CREATE_POLICY_NOT_IDEMPOTENT(
      "create-policy-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE POLICY with no guard fails when run twice.",
      "DROP POLICY IF EXISTS name ON table first"),
  CREATE_ROLE_NOT_IDEMPOTENT(
      "create-role-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE ROLE (or USER, GROUP) with no guard fails when run twice.",
      "create it in a DO block that checks pg_roles or catches duplicate_object"),
  CREATE_PUBLICATION_NOT_IDEMPOTENT(
      "create-publication-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "CREATE PUBLICATION with no guard fails when run twice.",
      "DROP PUBLICATION IF EXISTS first, or check pg_publication in a DO block"),
  ADD_COLUMN_NOT_IDEMPOTENT(
      "add-column-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "ALTER TABLE ... ADD COLUMN without IF NOT EXISTS fails when run twice.",
      "ADD COLUMN IF NOT EXISTS"),
  ADD_CONSTRAINT_NOT_IDEMPOTENT(
      "add-constraint-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "ALTER TABLE ... ADD CONSTRAINT without a preceding DROP CONSTRAINT IF EXISTS of the same"
          + " name fails when run twice; an unnamed one is added again.",
      "ALTER TABLE t DROP CONSTRAINT IF EXISTS name, ADD CONSTRAINT name ..."),
  DROP_NOT_IDEMPOTENT(
      "drop-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "DROP (a statement, or DROP COLUMN/CONSTRAINT in ALTER TABLE) without IF EXISTS fails when"
          + " run twice.",
      "DROP ... IF EXISTS"),
  RENAME_NOT_IDEMPOTENT(
      "rename-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "RENAME fails when run twice: the old name is gone.",
      "rename in a DO block that checks the catalog first, or use ALTER ... IF EXISTS old RENAME TO"
          + " new"),
  ADD_ENUM_VALUE_NOT_IDEMPOTENT(
      "add-enum-value-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "ALTER TYPE ... ADD VALUE without IF NOT EXISTS fails when run twice.",
      "ALTER TYPE t ADD VALUE IF NOT EXISTS 'value'"),
  INSERT_NOT_IDEMPOTENT(
      "insert-not-idempotent",
      Category.IDEMPOTENCY,
      Severity.ERROR,
      "INSERT without ON CONFLICT or a NOT EXISTS guard fails, or adds the rows again, when run"
          + " twice.",
      "INSERT ... ON CONFLICT DO NOTHING, or INSERT ... SELECT ... WHERE NOT EXISTS (...)"),

  // Statements that lock or rewrite busy tables.
  INDEX_WITHOUT_CONCURRENTLY(
      "index-without-concurrently",
      Category.SAFETY,
      Severity.WARNING,
      "CREATE INDEX without CONCURRENTLY on a table this file did not create blocks writes to it"
          + " while the index builds.",
      "DROP INDEX CONCURRENTLY IF EXISTS name; CREATE INDEX CONCURRENTLY name ON ... (pgkeeper"
          + " then runs the file without a transaction; IF NOT EXISTS would keep the invalid index"
          + " a failed build leaves)"),
  CONSTRAINT_WITHOUT_NOT_VALID(
      "constraint-without-not-valid",
      Category.SAFETY,
      Severity.WARNING,
      "A foreign key or CHECK added to an existing table without NOT VALID scans the table under a"
          + " lock that blocks writes.",
      "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT in a later migration"),
  ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT(
      "add-column-not-null-without-default",
      Category.SAFETY,
      Severity.WARNING,
      "ADD COLUMN ... NOT NULL without a DEFAULT fails on a table that has rows.",
      "add a DEFAULT, or add the column nullable, backfill it, then SET NOT NULL"),
  SET_NOT_NULL(
      "set-not-null",
      Category.SAFETY,
      Severity.WARNING,
      "ALTER COLUMN ... SET NOT NULL scans the whole table under an exclusive lock.",
      "add a CHECK (col IS NOT NULL) NOT VALID constraint, validate it, then SET NOT NULL"),
  COLUMN_TYPE_CHANGE(
      "column-type-change",
      Category.SAFETY,
      Severity.WARNING,
      "ALTER COLUMN ... TYPE usually rewrites the table under an exclusive lock.",
      "add a new column, backfill it, and switch over"),
  MISSING_LOCK_TIMEOUT(
      "missing-lock-timeout",
      Category.SAFETY,
      Severity.OFF,
      "A statement that locks an existing table with no SET lock_timeout before it in the file"
          + " (pgkeeper's own lockTimeout usually covers this, so the rule is off by default).",
      "SET lock_timeout = '5s'; at the top of the file"),

  // Row-level security.
  RLS_NOT_ENABLED(
      "rls-not-enabled",
      Category.SECURITY,
      Severity.WARNING,
      "A table created in an exposed schema with no ENABLE ROW LEVEL SECURITY anywhere in the set.",
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY"),
  POLICY_WITHOUT_RLS(
      "policy-without-rls",
      Category.SECURITY,
      Severity.WARNING,
      "A policy on a table whose row-level security is never enabled: the policy does nothing.",
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY"),

  // Against a database (online checks).
  CHECKSUM_CHANGED(
      "checksum-changed",
      Category.ONLINE,
      Severity.ERROR,
      "An applied migration whose file changed since it was applied.",
      "restore the file as it was applied, or run db:repair if the change is intended"),
  MISSING_FILE(
      "missing-file",
      Category.ONLINE,
      Severity.ERROR,
      "An applied migration whose file no longer exists.",
      "restore the file"),
  OUT_OF_ORDER(
      "out-of-order",
      Category.ONLINE,
      Severity.ERROR,
      "A pending migration older than the newest applied one; migrate refuses it by default.",
      "give it a version newer than the newest applied one, or allow outOfOrder"),
  SCHEMA_DRIFT(
      "schema-drift",
      Category.ONLINE,
      Severity.WARNING,
      "A table, view or column of the database's history schema that no migration names: made"
          + " by hand, outside the migrations.",
      "run db:diff to see the whole drift, and adopt it with -Ddb.diff.output or undo it"),

  // Empirical check on a throwaway server.
  SHADOW_APPLY_FAILED(
      "shadow-apply-failed",
      Category.SHADOW,
      Severity.ERROR,
      "A migration that fails on a fresh database after the ones before it.",
      "fix the statement the server rejected"),
  NOT_RERUNNABLE(
      "not-rerunnable",
      Category.SHADOW,
      Severity.ERROR,
      "A migration that fails when run a second time on a database where every migration ran.",
      "make the failing statement idempotent (IF NOT EXISTS, OR REPLACE, guards)");

  /** Where each rule's documentation lives, with an anchor per rule id. */
  public static final String DOCS_URL =
      "https://github.com/pgkeeper/pgkeeper/blob/main/docs/validate-rules.md";

  private final String id;
  private final Category category;
  private final Severity defaultSeverity;
  private final String summary;
  private final String fix;

  Rule(String id, Category category, Severity defaultSeverity, String summary, String fix) {
    this.id = id;
    this.category = category;
    this.defaultSeverity = defaultSeverity;
    this.summary = summary;
    this.fix = fix;
  }

  public String id() {
    return id;
  }

  public Category category() {
    return category;
  }

  public Severity defaultSeverity() {
    return defaultSeverity;
  }

  public String summary() {
    return summary;
  }

  /** The usual fix, shown after a finding's message. */
  public String fix() {
    return fix;
  }

  public String helpUri() {
    return DOCS_URL + "#" + id;
  }

  public static Optional<Rule> byId(String id) {
    String wanted = id.trim().toLowerCase(java.util.Locale.ROOT);
    for (Rule rule : values()) {
      if (rule.id.equals(wanted)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }
}
