package io.github.pgkeeper.core.drift;

import io.github.pgkeeper.core.Logger;
import io.github.pgkeeper.core.schema.ObjectKey;
import io.github.pgkeeper.core.schema.ObjectKind;
import io.github.pgkeeper.core.schema.SchemaDiff;
import io.github.pgkeeper.core.schema.SchemaModel;
import io.github.pgkeeper.core.schema.SchemaObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * db:diff: compares the live database's schemas with the schema its migration files produce, built
 * on a shadow database, object by object. Changes nothing in the live database.
 *
 * <p>It lives in a package of its own because it joins two capabilities that know nothing of each
 * other: {@code core.schema} (reading and comparing schemas) and {@code core.migration} (applying
 * migrations, here on the shadow), as {@code core.lint}'s shadow check joins the linter and the
 * engine. Neither of them may depend on the other, so the join sits above both.
 */
public final class Drift {
  private Drift() {}

  public static DriftResult run(DriftConfig config, Logger log) {
    long started = System.nanoTime();
    LiveSchema live =
        LiveSchema.read(
            config.live(),
            config.schemas(),
            new String[] {config.migrations().historySchema(), config.migrations().historyTable()});
    log.info(
        "Read "
            + live.model().objects().size()
            + " objects of schema(s) "
            + String.join(", ", config.schemas())
            + " from the live database (PostgreSQL "
            + live.version()
            + ").");
    Shadow.Built shadow = Shadow.build(config, live, log);
    String history = live.historyTable();
    SchemaModel migrated = without(shadow.model(), history);
    SchemaModel liveModel = without(live.model(), history);
    SchemaDiff diff = SchemaDiff.compare(migrated, liveModel);
    log.debug("db:diff took " + (System.nanoTime() - started) / 1_000_000 + " ms");
    return new DriftResult(
        diff,
        config.live().maskedUrl(),
        live.version(),
        shadow.description(),
        shadow.nextMigration());
  }

  /**
   * The model without the history table and what hangs on it (its key, its sequence, grants on it):
   * the migrations' bookkeeping, not their schema.
   */
  static SchemaModel without(SchemaModel model, String table) {
    Set<ObjectKey> left = new HashSet<>();
    Deque<ObjectKey> work = new ArrayDeque<>();
    work.add(new ObjectKey(ObjectKind.TABLE, table));
    while (!work.isEmpty()) {
      ObjectKey next = work.pop();
      if (!left.add(next)) {
        continue;
      }
      for (SchemaObject object : model.objects()) {
        if (object.dependsOn().contains(next) || annotates(object, next.name())) {
          work.add(object.key());
        }
      }
    }
    List<SchemaObject> kept =
        model.objects().stream().filter(o -> !left.contains(o.key())).toList();
    return new SchemaModel(kept, model.warnings(), model.roles());
  }

  private static boolean annotates(SchemaObject object, String name) {
    return (object.kind() == ObjectKind.COMMENT || object.kind() == ObjectKind.ACL)
        && (object.name().endsWith(" " + name) || object.name().contains(" " + name + "."));
  }
}
