package com.blockdb.engine.ledger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaf hashes of committed entries not yet sealed into a block. Entries whose sequence is already
 * sealed (seen again while the log is replayed after a restart) are ignored, so replay rebuilds
 * exactly the pending block that was lost. Used only by the commit thread.
 */
public final class PendingBlock {

  private final BlockStore store;
  private final List<byte[]> leaves = new ArrayList<>();
  private long firstSequence;
  private long lastTimestamp;
  private long sinceMillis;

  public PendingBlock(BlockStore store) {
    this.store = store;
  }

  /** Adds an entry's leaf hash; {@code nowMillis} is the local clock, used only to time sealing. */
  public void add(long sequence, byte[] leafHash, long commitTimestamp, long nowMillis) {
    if (leaves.isEmpty()) {
      // Asked once per block, not per entry: later entries of the block follow this one in order,
      // so they lie past the store's end too (and the store's lock is not taken 1000 times a block).
      if (sequence <= store.lastQueuedSequence()) {
        return;
      }
      firstSequence = sequence;
      sinceMillis = nowMillis;
    } else if (sequence != firstSequence + leaves.size()) {
      throw new IllegalStateException("entry " + sequence + " out of order in the pending block");
    }
    leaves.add(leafHash);
    lastTimestamp = commitTimestamp;
  }

  public int count() {
    return leaves.size();
  }

  /** Local time the oldest pending entry was added, for {@code block_interval_ms}. */
  public long sinceMillis() {
    return sinceMillis;
  }

  /**
   * Seals the pending entries into a block: now, or, once the store runs its sealer, in order in
   * the background ({@link BlockStore#drain} waits for it).
   */
  public void seal() throws IOException {
    if (leaves.isEmpty()) {
      return;
    }
    List<byte[]> sealed = new ArrayList<>(leaves);
    store.appendLater(sealed, firstSequence, firstSequence + sealed.size() - 1, lastTimestamp);
    leaves.clear();
  }

  /** Leaf hash of a pending entry, or null if {@code sequence} is not pending. */
  public byte[] leaf(long sequence) {
    long i = sequence - firstSequence;
    return leaves.isEmpty() || i < 0 || i >= leaves.size() ? null : leaves.get((int) i);
  }
}
