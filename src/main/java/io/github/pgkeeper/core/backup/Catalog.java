package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.archive.MaterializedViewInfo;
import io.github.pgkeeper.core.archive.SequenceInfo;
import io.github.pgkeeper.core.archive.TableInfo;
import java.util.List;

/**
 * What the snapshot holds of the selected schemas: tables in load order, sequences, matviews, and
 * the tables' heap sizes, which {@link DumpPlan} cuts large tables by.
 */
record Catalog(
    List<TableInfo> tables,
    List<SequenceInfo> sequences,
    List<MaterializedViewInfo> views,
    DumpPlan.Heaps heaps) {}
