package io.github.pgkeeper.core.schema;

import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.SqlScript;
import io.github.pgkeeper.core.sql.SqlStatement;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The objects of some schemas, in an order that creates each after everything it depends on, and
 * the warnings about objects that could not be captured. Written to and read from an archive's
 * {@code schema.sql} ({@link #toSql()}, {@link #parse(String)}); compared by {@code db:diff}.
 *
 * <p>In schema.sql every object is a block: comment lines naming it ({@code -- object: TABLE
 * public.orders}), its section and owner, then its statements, each ending in a semicolon, and the
 * owner statement. A reader takes the blocks back from those comment lines between statements, so
 * the file stays plain SQL that psql runs as it is.
 */
public final class SchemaModel {
  static final String OBJECT = "-- object: ";
  static final String SECTION = "-- section: ";
  static final String OWNER = "-- owner: ";
  static final String WARNING = "-- warning: ";
  static final String ROLE = "-- role: ";

  private final List<SchemaObject> objects;
  private final List<String> warnings;
  private final Set<String> roles;
  private final Map<ObjectKey, SchemaObject> byKey = new LinkedHashMap<>();

  /**
   * @param objects in creation order
   * @param warnings one per object the reader could not reproduce, naming it
   * @param roles every role the objects name: owners, grantees, roles of policies
   */
  public SchemaModel(List<SchemaObject> objects, List<String> warnings, Set<String> roles) {
    this.objects = List.copyOf(objects);
    this.warnings = List.copyOf(warnings);
    this.roles = Collections.unmodifiableSet(new TreeSet<>(roles));
    for (SchemaObject object : this.objects) {
      if (byKey.put(object.key(), object) != null) {
        throw new IllegalArgumentException("two objects named " + object.key());
      }
    }
  }

  /** In creation order: each object after everything it depends on. */
  public List<SchemaObject> objects() {
    return objects;
  }

  public List<SchemaObject> objects(Section section) {
    return objects.stream().filter(o -> o.section() == section).toList();
  }

  public Optional<SchemaObject> find(ObjectKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public List<String> warnings() {
    return warnings;
  }

  /** Every role the objects name (owners, grantees, roles of policies): a restore needs them. */
  public Set<String> roles() {
    return roles;
  }

  /** The schema.sql text: a title, the warnings, then one block per object in creation order. */
  public String toSql(String title) {
    StringBuilder sql = new StringBuilder();
    for (String line : title.split("\n", -1)) {
      sql.append("-- ").append(line).append('\n');
    }
    for (String warning : warnings) {
      sql.append(WARNING).append(escape(warning)).append('\n');
    }
    for (String role : roles) {
      sql.append(ROLE).append(escape(role)).append('\n');
    }
    for (SchemaObject object : objects) {
      sql.append('\n');
      sql.append(OBJECT).append(object.kind().label()).append(' ').append(escape(object.name()));
      sql.append('\n').append(SECTION).append(object.section().label()).append('\n');
      if (object.ownerStatement() != null) {
        sql.append(OWNER).append(escape(object.owner())).append('\n');
      }
      for (String statement : object.statements()) {
        sql.append(statement).append(";\n");
      }
      if (object.ownerStatement() != null) {
        sql.append(object.ownerStatement()).append(";\n");
      }
    }
    return sql.toString();
  }

  /**
   * Reads back what {@link #toSql} wrote. The objects keep the file's order; their dependencies and
   * parts are not stored, so they come back empty.
   *
   * @throws IllegalArgumentException when the text is not such a file, naming the line
   */
  public static SchemaModel parse(String sql) {
    List<String> warnings = new ArrayList<>();
    Set<String> roles = new TreeSet<>();
    List<SchemaObject> objects = new ArrayList<>();
    Block block = null;
    // Split as psql splits: a SQL-standard body (BEGIN ATOMIC … END) holds semicolons.
    List<SqlStatement> statements = SqlScript.parse(sql).statements();
    for (SqlStatement statement : statements) {
      // The comment lines before a statement name the block it starts or belongs to.
      for (Token token : statement.tokens()) {
        if (token.start() >= statement.offset()) {
          break;
        }
        if (token.type() != TokenType.LINE_COMMENT) {
          continue;
        }
        String line = token.text(sql).stripTrailing();
        if (line.startsWith(OBJECT)) {
          if (block != null) {
            objects.add(block.toObject());
          }
          block = new Block(line.substring(OBJECT.length()), token.line());
        } else if (line.startsWith(WARNING)) {
          warnings.add(unescape(line.substring(WARNING.length())));
        } else if (line.startsWith(ROLE)) {
          roles.add(unescape(line.substring(ROLE.length())));
        } else if (block != null && line.startsWith(SECTION)) {
          block.section = Section.fromLabel(line.substring(SECTION.length()));
        } else if (block != null && line.startsWith(OWNER)) {
          block.owner = unescape(line.substring(OWNER.length()));
        }
      }
      if (block == null) {
        throw new IllegalArgumentException(
            "line " + statement.line() + ": a statement before the first \"" + OBJECT + "\" line");
      }
      block.statements.add(statement.text().strip());
    }
    if (statements.isEmpty()) {
      // No object: the warnings and roles are all there is.
      for (Token token : SqlLexer.tokenize(sql)) {
        String line = token.text(sql).stripTrailing();
        if (token.type() == TokenType.LINE_COMMENT && line.startsWith(WARNING)) {
          warnings.add(unescape(line.substring(WARNING.length())));
        } else if (token.type() == TokenType.LINE_COMMENT && line.startsWith(ROLE)) {
          roles.add(unescape(line.substring(ROLE.length())));
        }
      }
    } else {
      SqlStatement last = statements.get(statements.size() - 1);
      if (!sql.substring(last.offset() + last.text().length()).stripLeading().startsWith(";")) {
        throw new IllegalArgumentException("the last statement has no closing semicolon");
      }
    }
    if (block != null) {
      objects.add(block.toObject());
    }
    return new SchemaModel(objects, warnings, roles);
  }

  /** One object as parse finds it. */
  private static final class Block {
    /**
     * Labels may hold spaces (MATERIALIZED VIEW): the longest label that matches wins. Sorted once,
     * since an archive's schema has a block per object (tens of thousands).
     */
    private static final List<ObjectKind> KINDS_LONGEST_LABEL_FIRST =
        Arrays.stream(ObjectKind.values())
            .sorted(Comparator.comparingInt((ObjectKind k) -> k.label().length()).reversed())
            .toList();

    final ObjectKey key;
    final int line;
    Section section;
    String owner;
    final List<String> statements = new ArrayList<>();

    Block(String header, int line) {
      this.line = line;
      int space = header.indexOf(' ');
      ObjectKind kind = null;
      for (ObjectKind candidate : KINDS_LONGEST_LABEL_FIRST) {
        if (header.startsWith(candidate.label() + " ")) {
          kind = candidate;
          break;
        }
      }
      if (kind == null || space < 0) {
        throw new IllegalArgumentException("line " + line + ": unknown object kind in " + header);
      }
      this.key = new ObjectKey(kind, unescape(header.substring(kind.label().length() + 1)));
    }

    SchemaObject toObject() {
      if (section == null) {
        throw new IllegalArgumentException("line " + line + ": " + key + " has no section");
      }
      List<String> body = new ArrayList<>(statements);
      SchemaObject bare =
          new SchemaObject(key, null, owner, section, List.of(), List.of(), Set.of());
      if (bare.ownerStatement() != null) {
        if (body.isEmpty() || !body.get(body.size() - 1).equals(bare.ownerStatement())) {
          throw new IllegalArgumentException(
              "line " + line + ": " + key + " does not end with " + bare.ownerStatement());
        }
        body.remove(body.size() - 1);
      }
      return new SchemaObject(key, null, owner, section, body, List.of(), Set.of());
    }
  }

  /** Names and warnings stay on one line. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
