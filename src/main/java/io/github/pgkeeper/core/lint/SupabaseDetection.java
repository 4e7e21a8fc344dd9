package io.github.pgkeeper.core.lint;

import io.github.pgkeeper.core.embedded.Flavor;
import io.github.pgkeeper.core.migration.HistoryMode;
import io.github.pgkeeper.core.migration.MigrationFile;
import io.github.pgkeeper.core.migration.SupabaseProject;
import io.github.pgkeeper.core.sql.SqlLexer;
import io.github.pgkeeper.core.sql.SqlSyntaxException;
import io.github.pgkeeper.core.sql.Token;
import io.github.pgkeeper.core.sql.TokenType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a migration set belongs to a Supabase project, and why: the one rule db:validate uses to
 * pick the shadow server's flavour and to decide whether every public table needs row-level
 * security. A configured flavour decides alone; otherwise the first of these signs counts: {@code
 * historyMode=supabase}, a {@code supabase/} folder (the CLI's layout), or a migration that uses
 * Supabase's platform objects ({@code auth.}, {@code storage.}) or API roles ({@code anon}, {@code
 * authenticated}).
 *
 * @param supabase whether it is a Supabase project
 * @param reason why, for the log, such as "migrations/001_a.sql line 3 references the auth schema"
 */
public record SupabaseDetection(boolean supabase, String reason) {
  private static final Set<String> PLATFORM_SCHEMAS = Set.of("auth", "storage");
  private static final Set<String> API_ROLES = Set.of("anon", "authenticated");

  /**
   * @param configured the flavour the user configured, or null when none was
   * @param locations the migration folders; one inside a {@code supabase/} folder counts
   */
  public static SupabaseDetection detect(
      Flavor configured,
      HistoryMode historyMode,
      Path baseDirectory,
      List<Path> locations,
      List<MigrationFile> files) {
    if (configured != null) {
      return new SupabaseDetection(
          configured == Flavor.SUPABASE, "the embedded flavor is configured as " + configured);
    }
    // The same signs that make migrations run in the CLI's order, so both decisions agree.
    Optional<String> sign = SupabaseProject.sign(historyMode, false, baseDirectory, locations);
    if (sign.isPresent()) {
      return new SupabaseDetection(true, sign.get());
    }
    for (MigrationFile file : files) {
      Optional<String> reference = supabaseReference(file.content());
      if (reference.isPresent()) {
        return new SupabaseDetection(true, file.displayPath() + " " + reference.get());
      }
    }
    return new SupabaseDetection(
        false,
        "nothing marks a Supabase project (a flavor, historyMode, a supabase/ folder, or auth.,"
            + " storage., anon or authenticated in a migration)");
  }

  /** The flavour a throwaway server for these migrations needs. */
  public Flavor flavor() {
    return supabase ? Flavor.SUPABASE : Flavor.PLAIN;
  }

  /**
   * The first use of a Supabase schema or role in the SQL itself (not in comments or strings), as
   * "line N references the auth schema".
   */
  static Optional<String> supabaseReference(String sql) {
    List<Token> tokens;
    try {
      tokens = SqlLexer.tokenize(sql);
    } catch (SqlSyntaxException e) {
      return Optional.empty(); // validate reports the lexical error; this is only a hint
    }
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      String word = identifier(sql, token);
      if (word == null) {
        continue;
      }
      if (PLATFORM_SCHEMAS.contains(word) && followedByDot(sql, tokens, i)) {
        return Optional.of("line " + token.line() + " references the " + word + " schema");
      }
      if (API_ROLES.contains(word)) {
        return Optional.of("line " + token.line() + " names the role " + word);
      }
    }
    return Optional.empty();
  }

  private static String identifier(String sql, Token token) {
    String text = token.text(sql);
    if (token.type() == TokenType.WORD) {
      return text.toLowerCase(Locale.ROOT);
    }
    if (token.type() == TokenType.QUOTED_IDENTIFIER && text.startsWith("\"")) {
      return text.substring(1, text.length() - 1);
    }
    return null;
  }

  private static boolean followedByDot(String sql, List<Token> tokens, int i) {
    if (i + 1 >= tokens.size()) {
      return false;
    }
    Token next = tokens.get(i + 1);
    return next.type() == TokenType.SYMBOL
        && next.start() == tokens.get(i).end()
        && next.text(sql).equals(".");
  }
}
