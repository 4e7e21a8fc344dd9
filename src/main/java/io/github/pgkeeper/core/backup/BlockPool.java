package io.github.pgkeeper.core.backup;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The raw COPY text buffers of a backup: at most {@code max} of them exist, so the memory a backup
 * uses is bounded whatever the tables' sizes. A COPY worker waits for a free buffer when
 * compression falls behind.
 */
final class BlockPool {
  private final int blockSize;
  private final int max;
  private final BlockingQueue<byte[]> free;
  private int created;

  BlockPool(int blockSize, int max) {
    this.blockSize = blockSize;
    this.max = max;
    this.free = new ArrayBlockingQueue<>(max);
  }

  byte[] take() throws InterruptedException {
    byte[] block = free.poll();
    if (block != null) {
      return block;
    }
    synchronized (this) {
      if (created < max) {
        created++;
        return new byte[blockSize];
      }
    }
    return free.take();
  }

  void give(byte[] block) {
    free.offer(block);
  }

  int blockSize() {
    return blockSize;
  }
}
