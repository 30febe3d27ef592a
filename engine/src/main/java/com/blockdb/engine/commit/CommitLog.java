package com.blockdb.engine.commit;

import java.io.IOException;

/**
 * Where commit records become durable before they are applied: the engine's own write-ahead log on
 * a single node, or the Raft log in a cluster (which then drives {@code apply} on every replica).
 * Records carry consecutive indexes from 1; the manifest stores the index applied by each flush, so
 * replay after a restart starts right after it (or at the oldest PREPARE record still in doubt, if
 * that is older) and is idempotent.
 *
 * <p>Threading: called only by the engine's commit thread.
 */
public interface CommitLog extends AutoCloseable {

  /** Appends a record at {@code index} (the previous index + 1); not yet durable. */
  void append(long index, byte[] record) throws IOException;

  /** Hands appended records to the operating system (they survive a process crash, not power loss). */
  void flush() throws IOException;

  /** Makes every appended record durable. */
  void sync() throws IOException;

  /** The index of the last appended record (0 if none). */
  long lastIndex();

  /**
   * Allows the log to drop records up to {@code index}: their effects are in SSTables and blocks, and
   * no PREPARE among them is still in doubt.
   */
  void release(long index) throws IOException;

  /** Bytes the log holds on disk. */
  long sizeBytes();

  /** Files the log holds on disk. */
  int fileCount();

  @Override
  void close() throws IOException;
}
