package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The statement rules of one file, applied statement by statement in file order. It remembers what
 * earlier statements of the file did: the guards ({@code DROP ... IF EXISTS}, also inside DO
 * blocks) that make a later CREATE safe to repeat, the tables the file creates (new tables need no
 * CONCURRENTLY or NOT VALID), and whether lock_timeout is set. Guards live in a hash set, so each
 * look-up is constant time whatever the size of the file.
 *
 * <p>A DROP also guards what PostgreSQL drops with the object: a table takes its indexes, triggers,
 * policies, rules, constraints and partitions; with CASCADE also the views that read it and the
 * foreign keys that point at it. {@code DROP SCHEMA ... CASCADE} takes everything in the schema,
 * {@code DROP FUNCTION ... CASCADE} the triggers that call the function. Creating them again later
 * in the file repeats fine.
 */
final class StatementRules {
  private static final Set<String> CREATE_MODIFIERS =
      Set.of(
          "TEMP",
          "TEMPORARY",
          "LOCAL",
          "GLOBAL",
          "UNLOGGED",
          "UNIQUE",
          "CONSTRAINT",
          "TRUSTED",
          "PROCEDURAL",
          "RECURSIVE",
          "DEFAULT");

  /** Kinds of object that live in a schema, and go when it is dropped with CASCADE. */
  private static final Set<String> SCHEMA_RESIDENT =
      Set.of(
          "TABLE",
          "INDEX",
          "SEQUENCE",
          "VIEW",
          "MATERIALIZED VIEW",
          "FUNCTION",
          "PROCEDURE",
          "AGGREGATE",
          "TYPE",
          "DOMAIN");

  private static final Set<String> CONSTRAINT_KINDS =
      Set.of("PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE");
  private static final List<List<String>> MULTI_WORD_KINDS =
      List.of(
          List.of("MATERIALIZED", "VIEW"),
          List.of("FOREIGN", "DATA", "WRAPPER"),
          List.of("FOREIGN", "TABLE"),
          List.of("EVENT", "TRIGGER"),
          List.of("ACCESS", "METHOD"),
          List.of("OPERATOR", "CLASS"),
          List.of("OPERATOR", "FAMILY"),
          List.of("USER", "MAPPING"),
          List.of("PROCEDURAL", "LANGUAGE"),
          List.of("TEXT", "SEARCH", "CONFIGURATION"),
          List.of("TEXT", "SEARCH", "DICTIONARY"),
          List.of("TEXT", "SEARCH", "PARSER"),
          List.of("TEXT", "SEARCH", "TEMPLATE"));

  private final FindingCollector out;
  private final SetFacts facts;
  private final FileContext file;
  private final int serverMajor;
  private final Set<String> guards = new HashSet<>();
  private final Set<String> createdHere = new HashSet<>();

  /** Tables dropped earlier in the file: what hangs on them is new on every run. */
  private final Set<String> droppedTables = new HashSet<>();

  /** Tables dropped with CASCADE: views reading them and foreign keys to them went too. */
  private final Set<String> cascadedTables = new HashSet<>();

  private final Set<String> cascadedSchemas = new HashSet<>();
  private final Set<String> cascadedFunctions = new HashSet<>();
  private boolean lockTimeoutSet;
  private boolean lockTimeoutReported;

  // The statement being checked.
  private Words w;
  private int statementLine;
  private boolean factsOnly;

  StatementRules(FindingCollector out, SetFacts facts, FileContext file, int serverMajor) {
    this.out = out;
    this.facts = facts;
    this.file = file;
    this.serverMajor = serverMajor;
  }

  /**
   * Checks one statement.
   *
   * @return true if the statement is a DO block whose body ends early because a body nested in it
   *     uses the same dollar-quote delimiter; the statements after it are then misread until the
   *     next dollar quote
   */
  boolean check(Words words, int line) {
    this.w = words;
    this.statementLine = line;
    this.factsOnly = false;
    return dispatch();
  }

  /**
   * Learns guards and facts from a statement inside a DO block or function body, reporting nothing:
   * code there runs conditionally, so a DROP in it counts as a guard.
   */
  private void learn(Words words) {
    Words outer = w;
    boolean outerFactsOnly = factsOnly;
    this.w = words;
    this.factsOnly = true;
    dispatch();
    this.w = outer;
    this.factsOnly = outerFactsOnly;
  }

  private boolean dispatch() {
    if (w.size() == 0) {
      return false;
    }
    switch (w.upper(0)) {
      case "CREATE" -> create();
      case "ALTER" -> alter();
      case "DROP" -> drop();
      case "INSERT" -> insert();
      case "DO" -> {
        return doBlock();
      }
      case "SET" -> {
        int at = w.is(1, "LOCAL") || w.is(1, "SESSION") ? 2 : 1;
        lockTimeoutSet |= w.is(at, "LOCK_TIMEOUT");
      }
      case "SELECT" -> lockTimeoutSet |= mentionsLockTimeoutString();
      default -> {}
    }
    return false;
  }

  // ---- CREATE ----

  private void create() {
    int i = 1;
    boolean orReplace = false;
    if (w.are(1, "OR", "REPLACE")) {
      orReplace = true;
      i = 3;
    }
    boolean temporary = false;
    while (CREATE_MODIFIERS.contains(w.upper(i))) {
      temporary |= w.is(i, "TEMP") || w.is(i, "TEMPORARY");
      i++;
    }
    String kind = w.upper(i);
    if (kind.equals("MATERIALIZED") && w.is(i + 1, "VIEW")) {
      kind = "MATERIALIZED VIEW";
      i++;
    }
    int at = i + 1;
    switch (kind) {
      case "TABLE" -> createTable(at, temporary);
      case "INDEX" -> createIndex(at);
      case "SCHEMA" ->
          createIfNotExists(at, "SCHEMA", Rule.CREATE_SCHEMA_NOT_IDEMPOTENT, "CREATE SCHEMA");
      case "SEQUENCE" -> {
        if (!temporary) {
          createIfNotExists(at, "SEQUENCE", Rule.CREATE_SEQUENCE_NOT_IDEMPOTENT, "CREATE SEQUENCE");
        }
      }
      case "EXTENSION" ->
          createIfNotExists(
              at, "EXTENSION", Rule.CREATE_EXTENSION_NOT_IDEMPOTENT, "CREATE EXTENSION");
      case "MATERIALIZED VIEW" ->
          createIfNotExists(
              at,
              "MATERIALIZED VIEW",
              Rule.CREATE_MATERIALIZED_VIEW_NOT_IDEMPOTENT,
              "CREATE MATERIALIZED VIEW");
      case "FUNCTION", "PROCEDURE", "AGGREGATE" ->
          createReplaceable(at, orReplace, kind, Rule.CREATE_FUNCTION_NOT_IDEMPOTENT);
      case "VIEW" -> {
        if (!temporary) {
          createReplaceable(at, orReplace, "VIEW", Rule.CREATE_VIEW_NOT_IDEMPOTENT);
        }
      }
      case "TRIGGER" -> createTrigger(at, orReplace);
      case "TYPE", "DOMAIN" -> createGuarded(at, kind, Rule.CREATE_TYPE_NOT_IDEMPOTENT, null);
      case "POLICY" -> createPolicy(at);
      case "ROLE", "USER", "GROUP" -> {
        if (!w.is(at, "MAPPING")) {
          createGuarded(at, kind, Rule.CREATE_ROLE_NOT_IDEMPOTENT, null);
        }
      }
      case "PUBLICATION" ->
          createGuarded(at, "PUBLICATION", Rule.CREATE_PUBLICATION_NOT_IDEMPOTENT, null);
      default -> {}
    }
  }

  private void createTable(int at, boolean temporary) {
    boolean ifNotExists = w.ifNotExists(at);
    Words.Name table = w.name(ifNotExists ? at + 3 : at);
    if (table == null || temporary) {
      return;
    }
    createdHere.add(table.key());
    int partitionOf = w.find(table.next(), w.size(), "PARTITION", "OF");
    if (partitionOf < 0) {
      facts.tableCreated(new SetFacts.Seen(file, statementLine, w.line(0), w.column(0), table));
    }
    boolean parentDropped = partitionOf >= 0 && tableGone(w.name(partitionOf + 2));
    if (!ifNotExists && !guarded("TABLE", table, null) && !parentDropped) {
      hit(
          Rule.CREATE_TABLE_NOT_IDEMPOTENT,
          0,
          "CREATE TABLE " + table.display() + " fails when run twice: the table exists.");
    }
  }

  private void createIndex(int at) {
    int i = at;
    boolean concurrently = w.is(i, "CONCURRENTLY");
    if (concurrently) {
      i++;
    }
    boolean ifNotExists = w.ifNotExists(i);
    if (ifNotExists) {
      i += 3;
    }
    Words.Name index = w.is(i, "ON") ? null : w.name(i);
    int on = index == null ? i : index.next();
    int tableAt = w.is(on + 1, "ONLY") ? on + 2 : on + 1;
    Words.Name table = w.is(on, "ON") ? w.name(tableAt) : null;
    if (index == null) {
      if (ifNotExists) {
        hit(
            Rule.UNSUPPORTED_IF_NOT_EXISTS,
            0,
            "CREATE INDEX IF NOT EXISTS needs an index name; PostgreSQL rejects it without one.");
      } else {
        hit(
            Rule.UNNAMED_INDEX,
            0,
            "CREATE INDEX without a name creates another, identical index every time it runs.",
            concurrently
                ? "name the index, and drop it first: DROP INDEX CONCURRENTLY IF EXISTS name;"
                    + " CREATE INDEX CONCURRENTLY name ON ..."
                : Rule.UNNAMED_INDEX.fix());
      }
    } else if (!ifNotExists && !guarded("INDEX", index, null) && !tableGone(table)) {
      // A failed concurrent build leaves an invalid index, which IF NOT EXISTS would keep on a
      // run by another tool; dropping it first rebuilds it whatever runs the file.
      hit(
          Rule.CREATE_INDEX_NOT_IDEMPOTENT,
          0,
          "CREATE INDEX " + index.display() + " fails when run twice: the index exists.",
          concurrently
              ? "DROP INDEX CONCURRENTLY IF EXISTS "
                  + index.display()
                  + "; before it, which also clears the invalid index a failed build leaves"
              : Rule.CREATE_INDEX_NOT_IDEMPOTENT.fix());
    }
    if (table != null && !concurrently && !createdHere.contains(table.key())) {
      hit(
          Rule.INDEX_WITHOUT_CONCURRENTLY,
          0,
          "CREATE INDEX without CONCURRENTLY blocks writes to "
              + table.display()
              + " until the index is built.",
          index == null
              ? Rule.INDEX_WITHOUT_CONCURRENTLY.fix()
              : Rule.INDEX_WITHOUT_CONCURRENTLY.fix().replace("name", index.display()));
      lockTaken(0, table);
    }
  }

  private void createIfNotExists(int at, String kind, Rule rule, String what) {
    if (w.ifNotExists(at)) {
      return;
    }
    Words.Name name = w.name(at);
    if (name != null && guarded(kind, name, null)) {
      return;
    }
    if (kind.equals("MATERIALIZED VIEW") && readsCascadedTable(name)) {
      return;
    }
    hit(
        rule,
        0,
        what
            + (name == null ? "" : " " + name.display())
            + " fails when run twice: it exists already.");
  }

  private void createReplaceable(int at, boolean orReplace, String kind, Rule rule) {
    if (w.ifNotExists(at)) {
      unsupportedIfNotExists(at, "CREATE " + kind, "use CREATE OR REPLACE " + kind);
      return;
    }
    Words.Name name = w.name(at);
    if (orReplace || (name != null && guarded(kind, name, null))) {
      return;
    }
    if (kind.equals("VIEW") && readsCascadedTable(name)) {
      return;
    }
    hit(
        rule,
        0,
        "CREATE "
            + kind
            + (name == null ? "" : " " + name.display())
            + " without OR REPLACE fails when run twice.",
        kind.equals("AGGREGATE")
            ? "CREATE OR REPLACE AGGREGATE (PostgreSQL 12+), or DROP AGGREGATE IF EXISTS first"
            : "CREATE OR REPLACE " + kind);
  }

  private void createTrigger(int at, boolean orReplace) {
    if (w.ifNotExists(at)) {
      unsupportedIfNotExists(at, "CREATE TRIGGER", "DROP TRIGGER IF EXISTS name ON table first");
      return;
    }
    Words.Name trigger = w.name(at);
    if (trigger == null) {
      return;
    }
    Words.Name table = tableAfterOn(trigger.next());
    if (orReplace) {
      if (serverMajor < 14) {
        hit(
            Rule.CREATE_TRIGGER_NOT_IDEMPOTENT,
            0,
            "CREATE OR REPLACE TRIGGER needs PostgreSQL 14, and the migrations target "
                + serverMajor
                + ".",
            "DROP TRIGGER IF EXISTS " + trigger.name() + " ON ... first, then CREATE TRIGGER");
      }
      return;
    }
    if (guarded("TRIGGER", trigger, table) || tableGone(table) || callsCascadedFunction()) {
      return;
    }
    hit(
        Rule.CREATE_TRIGGER_NOT_IDEMPOTENT,
        0,
        "CREATE TRIGGER " + trigger.display() + " fails when run twice: the trigger exists.",
        serverMajor >= 14
            ? "CREATE OR REPLACE TRIGGER, or DROP TRIGGER IF EXISTS "
                + trigger.name()
                + " ON "
                + (table == null ? "..." : table.display())
                + " first"
            : "DROP TRIGGER IF EXISTS "
                + trigger.name()
                + " ON "
                + (table == null ? "..." : table.display())
                + " first (CREATE OR REPLACE TRIGGER needs PostgreSQL 14)");
  }

  private void createPolicy(int at) {
    if (w.ifNotExists(at)) {
      unsupportedIfNotExists(at, "CREATE POLICY", "DROP POLICY IF EXISTS name ON table first");
      return;
    }
    Words.Name policy = w.name(at);
    if (policy == null) {
      return;
    }
    Words.Name table = tableAfterOn(policy.next());
    if (table != null) {
      facts.policyCreated(
          policy, new SetFacts.Seen(file, statementLine, w.line(0), w.column(0), table));
    }
    createGuarded(at, "POLICY", Rule.CREATE_POLICY_NOT_IDEMPOTENT, table);
  }

  /** Kinds with no IF NOT EXISTS form: only a DROP ... IF EXISTS or a DO block guards them. */
  private void createGuarded(int at, String kind, Rule rule, Words.Name table) {
    if (w.ifNotExists(at)) {
      unsupportedIfNotExists(
          at,
          "CREATE " + kind,
          "DROP " + kind + " IF EXISTS first, or create it in a DO block that checks the catalog");
      return;
    }
    Words.Name name = w.name(at);
    if (name == null || guarded(kind, name, table) || tableGone(table)) {
      return;
    }
    hit(
        rule,
        0,
        "CREATE "
            + kind
            + " "
            + name.display()
            + (table == null ? "" : " ON " + table.display())
            + " fails when run twice: it exists already, and PostgreSQL has no IF NOT EXISTS"
            + " for it.");
  }

  private void unsupportedIfNotExists(int at, String what, String fix) {
    hit(
        Rule.UNSUPPORTED_IF_NOT_EXISTS,
        at,
        what + " has no IF NOT EXISTS form; PostgreSQL rejects this statement.",
        fix);
  }

  /** The table named after {@code ON} somewhere from {@code from} on, at the top level. */
  private Words.Name tableAfterOn(int from) {
    int on = w.find(from, w.size(), "ON");
    return on < 0 ? null : w.name(w.is(on + 1, "TABLE") ? on + 2 : on + 1);
  }

  // ---- ALTER ----

  private void alter() {
    String kind = w.upper(1);
    switch (kind) {
      case "TABLE" -> alterTable(2);
      case "TYPE" -> alterType();
      default -> renameAnything(kind);
    }
  }

  private void alterTable(int at) {
    int i = at;
    boolean ifExists = w.ifExists(i);
    if (ifExists) {
      i += 2;
    }
    if (w.is(i, "ONLY")) {
      i++;
    }
    if (w.is(i, "ALL")) {
      return;
    }
    Words.Name table = w.name(i);
    if (table == null) {
      return;
    }
    i = table.next();
    if (w.isSymbol(i, '*')) {
      i++;
    }
    boolean existing = !createdHere.contains(table.key());
    if (existing) {
      lockTaken(0, table);
    }
    // Dropped earlier in the file, the table is new on every run: its changes repeat fine.
    boolean fresh = tableGone(table);
    for (int[] action : w.commaSeparated(i)) {
      alterTableAction(action[0], action[1], table, existing, ifExists, fresh);
    }
  }

  private void alterTableAction(
      int start, int end, Words.Name table, boolean existing, boolean ifExists, boolean fresh) {
    if (w.is(start, "ADD")) {
      int b = start + 1;
      if (w.is(b, "CONSTRAINT")) {
        addConstraint(start, end, b + 1, table, existing, fresh);
      } else if (CONSTRAINT_KINDS.contains(w.upper(b))) {
        addConstraint(start, end, -1, table, existing, fresh);
      } else {
        addColumn(start, end, table, existing, fresh);
      }
    } else if (w.is(start, "DROP")) {
      int b = start + 1;
      boolean constraint = w.is(b, "CONSTRAINT");
      if (constraint || w.is(b, "COLUMN")) {
        b++;
      }
      if (w.ifExists(b)) {
        Words.Name name = w.name(b + 2);
        if (constraint && name != null) {
          guards.add(constraintKey(table, name));
        }
      } else if (factsOnly || fresh) {
        Words.Name name = w.name(b);
        if (constraint && name != null) {
          guards.add(constraintKey(table, name));
        }
      } else {
        hit(
            Rule.DROP_NOT_IDEMPOTENT,
            start,
            "DROP "
                + (constraint ? "CONSTRAINT" : "COLUMN")
                + " without IF EXISTS fails when run twice.",
            "DROP " + (constraint ? "CONSTRAINT" : "COLUMN") + " IF EXISTS");
      }
    } else if (w.is(start, "RENAME")) {
      if (!(ifExists && w.is(start + 1, "TO")) && !fresh) {
        hit(
            Rule.RENAME_NOT_IDEMPOTENT,
            start,
            "RENAME fails when run twice: the old name no longer exists.");
      }
    } else if (w.is(start, "ALTER")) {
      int column = w.is(start + 1, "COLUMN") ? start + 2 : start + 1;
      if (existing && w.find(column + 1, end, "SET", "NOT", "NULL") >= 0) {
        hit(
            Rule.SET_NOT_NULL,
            start,
            "SET NOT NULL on existing table "
                + table.display()
                + " scans every row under an ACCESS EXCLUSIVE lock.");
      }
      if (existing && w.find(column + 1, end, "TYPE") >= 0) {
        hit(
            Rule.COLUMN_TYPE_CHANGE,
            start,
            "Changing a column's type on existing table "
                + table.display()
                + " usually rewrites it under an ACCESS EXCLUSIVE lock.");
      }
    } else if (w.are(start, "ENABLE", "ROW", "LEVEL", "SECURITY")
        || w.are(start, "FORCE", "ROW", "LEVEL", "SECURITY")) {
      facts.rlsEnabled(table);
    }
  }

  private void addColumn(int start, int end, Words.Name table, boolean existing, boolean fresh) {
    int b = start + 1;
    if (w.is(b, "COLUMN")) {
      b++;
    }
    if (!w.ifNotExists(b) && !fresh) {
      Words.Name column = w.name(b);
      hit(
          Rule.ADD_COLUMN_NOT_IDEMPOTENT,
          start,
          "ADD COLUMN "
              + (column == null ? "" : column.display() + " ")
              + "without IF NOT EXISTS fails when run twice: the column exists.");
    }
    if (existing
        && w.find(b, end, "NOT", "NULL") >= 0
        && w.find(b, end, "DEFAULT") < 0
        && w.find(b, end, "GENERATED") < 0) {
      hit(
          Rule.ADD_COLUMN_NOT_NULL_WITHOUT_DEFAULT,
          start,
          "ADD COLUMN ... NOT NULL without a DEFAULT fails if " + table.display() + " has rows.");
    }
  }

  /**
   * @param nameAt where the constraint's name is, or -1 for an unnamed one ({@code ADD CHECK
   *     (...)})
   */
  private void addConstraint(
      int start, int end, int nameAt, Words.Name table, boolean existing, boolean fresh) {
    Words.Name name = nameAt < 0 ? null : w.name(nameAt);
    int kindAt = name == null ? start + 1 : name.next();
    int references = w.find(kindAt, end, "REFERENCES");
    // On a new table, or a foreign key that the CASCADE drop of its target removed: it repeats.
    boolean repeats =
        fresh || (references >= 0 && cascadedTables.contains(keyOf(w.name(references + 1))));
    if (repeats) {
      // nothing to report about repeating it
    } else if (name == null) {
      hit(
          Rule.ADD_CONSTRAINT_NOT_IDEMPOTENT,
          start,
          "An unnamed "
              + w.upper(kindAt)
              + " constraint is added again (or fails) every time the statement runs.",
          "name it and precede it with DROP CONSTRAINT IF EXISTS of that name");
    } else if (!guards.contains(constraintKey(table, name))) {
      hit(
          Rule.ADD_CONSTRAINT_NOT_IDEMPOTENT,
          start,
          "ADD CONSTRAINT "
              + name.display()
              + " fails when run twice: "
              + table.display()
              + " has it already.",
          "ALTER TABLE "
              + table.display()
              + " DROP CONSTRAINT IF EXISTS "
              + name.display()
              + ", ADD CONSTRAINT "
              + name.display()
              + " ...");
    }
    boolean scansTable = w.is(kindAt, "FOREIGN") || w.is(kindAt, "CHECK");
    if (existing && scansTable && w.find(kindAt, end, "NOT", "VALID") < 0) {
      hit(
          Rule.CONSTRAINT_WITHOUT_NOT_VALID,
          start,
          (w.is(kindAt, "FOREIGN") ? "A foreign key" : "A CHECK constraint")
              + " added to existing table "
              + table.display()
              + " without NOT VALID checks every row while holding a lock that blocks writes.");
    }
  }

  private void alterType() {
    Words.Name type = w.name(2);
    if (type == null) {
      return;
    }
    int add = w.find(type.next(), w.size(), "ADD", "VALUE");
    if (add >= 0 && !w.ifNotExists(add + 2)) {
      hit(
          Rule.ADD_ENUM_VALUE_NOT_IDEMPOTENT,
          add,
          "ALTER TYPE "
              + type.display()
              + " ADD VALUE without IF NOT EXISTS fails when run twice: the value exists.");
    }
    renameAnything("TYPE");
  }

  /** {@code ALTER <anything> ... RENAME}: only {@code ALTER x IF EXISTS a RENAME TO b} repeats. */
  private void renameAnything(String kind) {
    int rename = w.find(0, w.size(), "RENAME");
    if (rename < 0) {
      return;
    }
    boolean ifExists = w.find(1, rename, "IF", "EXISTS") >= 0;
    if (ifExists && w.is(rename + 1, "TO")) {
      return;
    }
    hit(
        Rule.RENAME_NOT_IDEMPOTENT,
        rename,
        "ALTER " + kind + " ... RENAME fails when run twice: the old name no longer exists.");
  }

  // ---- DROP ----

  private void drop() {
    if (w.is(1, "OWNED")) {
      return; // DROP OWNED BY role: nothing to fail on when run again
    }
    String kind = w.upper(1);
    int i = 2;
    for (List<String> words : MULTI_WORD_KINDS) {
      if (w.are(1, words.toArray(String[]::new))) {
        kind = String.join(" ", words);
        i = 1 + words.size();
        break;
      }
    }
    if (w.is(i, "CONCURRENTLY")) {
      i++;
    }
    boolean ifExists = w.ifExists(i);
    if (ifExists) {
      i += 2;
    }
    if (!ifExists && !factsOnly) {
      hit(
          Rule.DROP_NOT_IDEMPOTENT,
          0,
          "DROP " + kind + " without IF EXISTS fails when run twice: it is gone.",
          "DROP " + kind + " IF EXISTS");
    }
    boolean cascade = w.find(i, w.size(), "CASCADE") >= 0;
    for (int[] part : w.commaSeparated(i)) {
      Words.Name name = w.name(part[0]);
      if (name == null) {
        continue;
      }
      Words.Name table =
          kind.equals("POLICY") || kind.equals("TRIGGER") || kind.equals("RULE")
              ? tableAfterOn(name.next())
              : null;
      guards.add(guardKey(kind, name, table));
      switch (kind) {
        case "TABLE" -> {
          facts.tableDropped(name);
          droppedTables.add(name.key());
          if (cascade) {
            cascadedTables.add(name.key());
          }
          if (!createdHere.contains(name.key())) {
            lockTaken(0, name);
          }
        }
        case "POLICY" -> {
          if (table != null) {
            facts.policyDropped(name, table);
          }
        }
        case "SCHEMA" -> {
          if (cascade) {
            cascadedSchemas.add(name.name());
          }
        }
        case "FUNCTION", "PROCEDURE", "ROUTINE" -> {
          if (cascade) {
            cascadedFunctions.add(guardKey("FUNCTION", name, null));
          }
        }
        default -> {}
      }
    }
  }

  // ---- INSERT ----

  private void insert() {
    if (w.find(0, w.size(), "ON", "CONFLICT") >= 0
        || w.containsAnywhere("NOT", "EXISTS")
        || w.find(0, w.size(), "EXCEPT") >= 0) {
      return;
    }
    hit(
        Rule.INSERT_NOT_IDEMPOTENT,
        0,
        "INSERT without ON CONFLICT or a NOT EXISTS guard fails on a unique key, or adds the rows"
            + " again, when run twice.");
  }

  // ---- DO ----

  private boolean doBlock() {
    int body = 1;
    while (body < w.size()
        && w.type(body) != TokenType.DOLLAR_STRING
        && w.type(body) != TokenType.STRING) {
      body++;
    }
    if (body >= w.size()) {
      return false;
    }
    int after = body + 1;
    if (w.is(after, "LANGUAGE")) {
      after += 2;
    }
    Token bodyToken = w.token(body);
    if (after < w.size() && bodyToken.type() == TokenType.DOLLAR_STRING) {
      reportNestedDollarQuote(body, bodyToken);
      int dollarQuotes = 0;
      for (int i = 0; i < w.size(); i++) {
        if (w.type(i) == TokenType.DOLLAR_STRING) {
          dollarQuotes++;
        }
      }
      // The lexer paired the outer opening $$ with the inner one; with an odd count the outer
      // closing $$ opens a new "string" in a later statement.
      return dollarQuotes % 2 == 1;
    }
    if (bodyToken.type() == TokenType.DOLLAR_STRING) {
      learnFromBody(body, bodyToken);
    }
    return false;
  }

  private void reportNestedDollarQuote(int body, Token bodyToken) {
    String source = w.source();
    String text = bodyToken.text(source);
    String delimiter = text.substring(0, text.indexOf('$', 1) + 1);
    int closeAt = bodyToken.end() - delimiter.length();
    int line = w.line(body);
    int lineStart = -1;
    for (int i = bodyToken.start(); i < closeAt; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i;
      }
    }
    int column =
        lineStart < 0 ? w.column(body) + (closeAt - bodyToken.start()) : closeAt - lineStart;
    hit(
        Rule.NESTED_DOLLAR_QUOTE,
        line,
        column,
        "This "
            + delimiter
            + " closes the DO block's body, which opened with "
            + delimiter
            + " at line "
            + w.line(body)
            + ": a body nested inside it uses the same delimiter.",
        "give the nested body its own tag, such as AS $fn$ ... $fn$");
  }

  /** Reads the guards and facts of the statements inside a DO block's body. */
  private void learnFromBody(int body, Token bodyToken) {
    String text = bodyToken.text(w.source());
    int delimiter = text.indexOf('$', 1) + 1;
    String inner = text.substring(delimiter, text.length() - delimiter);
    List<Token> tokens;
    try {
      tokens = SqlLexer.tokenize(inner);
    } catch (SqlSyntaxException e) {
      return; // PL/pgSQL the SQL lexer cannot follow: nothing to learn
    }
    int lineOffset = w.line(body) - 1;
    int columnOffset = w.column(body) - 1 + delimiter;
    int start = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      if (i == tokens.size() || tokens.get(i).type() == TokenType.SEMICOLON) {
        learnFromSegment(inner, tokens.subList(start, i), lineOffset, columnOffset);
        start = i + 1;
      }
    }
  }

  /**
   * A piece of PL/pgSQL between semicolons, such as {@code IF NOT EXISTS (...) THEN DROP POLICY p
   * ON t}: the statement starts at its first CREATE, ALTER or DROP.
   */
  private void learnFromSegment(
      String inner, List<Token> segment, int lineOffset, int columnOffset) {
    for (int i = 0; i < segment.size(); i++) {
      Token token = segment.get(i);
      if (token.isWord(inner, "DROP")
          || token.isWord(inner, "ALTER")
          || token.isWord(inner, "CREATE")) {
        learn(new Words(inner, segment.subList(i, segment.size()), lineOffset, columnOffset));
        return;
      }
    }
  }

  // ---- helpers ----

  private boolean mentionsLockTimeoutString() {
    for (int i = 0; i < w.size(); i++) {
      if (w.type(i) == TokenType.STRING && w.token(i).text(w.source()).contains("lock_timeout")) {
        return true;
      }
    }
    return false;
  }

  /** A statement that locks an existing table: lock_timeout should be set before it. */
  private void lockTaken(int at, Words.Name table) {
    if (lockTimeoutSet || lockTimeoutReported || factsOnly) {
      return;
    }
    if (!out.enabled(Rule.MISSING_LOCK_TIMEOUT)) {
      return;
    }
    lockTimeoutReported = true;
    hit(
        Rule.MISSING_LOCK_TIMEOUT,
        at,
        "This statement locks existing table "
            + table.display()
            + ", and no SET lock_timeout comes before it in the file: it could wait for a lock"
            + " while every query on the table queues behind it.");
  }

  private boolean guarded(String kind, Words.Name name, Words.Name table) {
    return guards.contains(guardKey(kind, name, table))
        || (SCHEMA_RESIDENT.contains(kind) && cascadedSchemas.contains(name.schemaOrPublic()));
  }

  /** True if {@code table} was dropped earlier in the file, itself or with its whole schema. */
  private boolean tableGone(Words.Name table) {
    return table != null
        && (droppedTables.contains(table.key())
            || cascadedSchemas.contains(table.schemaOrPublic()));
  }

  /**
   * True if the view being created (named {@code view}) reads a table that a CASCADE drop earlier
   * in the file removed, and the view with it. Any name after the view's AS counts: a column that
   * happens to share a table's name errs on the side of no finding.
   */
  private boolean readsCascadedTable(Words.Name view) {
    if (cascadedTables.isEmpty() || view == null) {
      return false;
    }
    int as = w.find(view.next(), w.size(), "AS");
    for (int i = as < 0 ? w.size() : as + 1; i < w.size(); i++) {
      Words.Name name = w.name(i);
      if (name != null && cascadedTables.contains(name.key())) {
        return true;
      }
    }
    return false;
  }

  /** {@code EXECUTE FUNCTION f()} of a trigger, where a CASCADE drop of f removed the trigger. */
  private boolean callsCascadedFunction() {
    if (cascadedFunctions.isEmpty()) {
      return false;
    }
    int execute = w.find(0, w.size(), "EXECUTE");
    Words.Name function = execute < 0 ? null : w.name(execute + 2);
    return function != null && cascadedFunctions.contains(guardKey("FUNCTION", function, null));
  }

  private static String keyOf(Words.Name name) {
    return name == null ? "" : name.key();
  }

  private static String guardKey(String kind, Words.Name name, Words.Name table) {
    String family =
        switch (kind) {
          case "PROCEDURE", "ROUTINE" -> "FUNCTION";
          case "USER", "GROUP" -> "ROLE";
          default -> kind;
        };
    return family + ":" + name.key() + (table == null ? "" : "@" + table.key());
  }

  private static String constraintKey(Words.Name table, Words.Name constraint) {
    return "CONSTRAINT:" + constraint.name() + "@" + table.key();
  }

  private void hit(Rule rule, int at, String message) {
    hit(rule, at, message, rule.fix());
  }

  private void hit(Rule rule, int at, String message, String fix) {
    hit(rule, w.line(at), w.column(at), message, fix);
  }

  private void hit(Rule rule, int line, int column, String message, String fix) {
    if (!factsOnly) {
      out.add(file, statementLine, rule, line, column, message, fix);
    }
  }
}
