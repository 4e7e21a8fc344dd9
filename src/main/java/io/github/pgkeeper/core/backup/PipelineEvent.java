package io.github.pgkeeper.core.backup;

import io.github.pgkeeper.core.archive.DataPart;

/** What the COPY workers and compressors hand to the single archive-writing thread. */
sealed interface PipelineEvent {
  /** A compressed part, ready to append. */
  record Part(DataPart part) implements PipelineEvent {}

  /** A table's COPY (or one slice's) ended; its {@code parts} parts are on their way. */
  record TableCopied(String tableId, int parts, long rows, long rawBytes, long startNanos)
      implements PipelineEvent {}

  /** A worker or compressor failed; the backup stops. */
  record Failed(Throwable error) implements PipelineEvent {}

  /** A COPY worker has no more tables. */
  record WorkerDone() implements PipelineEvent {}
}
