package io.github.pgkeeper.core.migration;

import java.util.List;
import java.util.Locale;

/** Which history tables a run writes. */
public enum HistoryMode {
  /** Only pgkeeper's own table. */
  PGKEEPER,
  /**
   * pgkeeper's table and, beside it, {@code supabase_migrations.schema_migrations} kept the way the
   * Supabase CLI keeps it, so that {@code supabase migration list} and the plugin agree.
   */
  SUPABASE;

  /**
   * The schemas where this mode's other tool keeps its history: a backup keeps them with the data,
   * so that the tool sees the same applied migrations in a restored database.
   */
  public List<String> toolSchemas() {
    return this == SUPABASE ? List.of(SupabaseHistory.SCHEMA) : List.of();
  }

  /** {@code pgkeeper} or {@code supabase}, in any case. */
  public static HistoryMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "Unknown history mode '" + text + "': use pgkeeper or supabase.");
    }
  }
}
