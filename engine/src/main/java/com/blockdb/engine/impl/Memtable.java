package com.blockdb.engine.impl;

import com.blockdb.engine.util.Bytes;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sorted in-memory table of recent entries (internal key → stored value). Concurrent: one thread
 * at a time writes (the commit thread, a replica's apply, or recovery) while any thread reads.
 * Becomes immutable when frozen for flushing.
 */
final class Memtable {

  /** Rough per-entry overhead of the skip list, counted so the size limit bounds real memory. */
  private static final int ENTRY_OVERHEAD = 64;

  private final SkipList map = new SkipList();
  private final MemtableFilter filter;
  private final AtomicLong bytes = new AtomicLong();

  /** A memtable that will be flushed at about {@code sizeLimit} bytes (sizes its key filter). */
  Memtable(long sizeLimit) {
    this.filter = new MemtableFilter(sizeLimit);
  }

  /**
   * Whether any key {@code lo <= key <= hi} is stored (for batch checks): the filter answers a
   * single key, a skip-list search a range.
   */
  boolean anyInRange(byte[] lo, byte[] hi) {
    if (java.util.Arrays.equals(lo, hi)) {
      return contains(lo);
    }
    SkipList.Node n = map.ceiling(lo);
    return n != null && n.compareTo(hi) <= 0;
  }

  /** Index of the last commit record applied into this memtable. */
  private volatile long lastIndex;
  /** Sequence of the last entry applied into this memtable. */
  private volatile long lastSequence;

  /** Adds an entry whose key is not stored here yet; from the one writing thread only. */
  void put(byte[] internalKey, byte[] stored) {
    filter.add(internalKey); // before the insert, whose volatile writes publish the bits with the node
    map.insert(internalKey, stored);
    bytes.addAndGet(internalKey.length + stored.length + ENTRY_OVERHEAD);
  }

  /** A copy of the stored value of {@code internalKey}, or null. */
  byte[] get(byte[] internalKey) {
    SkipList.Node n = find(internalKey);
    return n == null ? null : n.getValue();
  }

  boolean contains(byte[] internalKey) {
    return find(internalKey) != null;
  }

  private SkipList.Node find(byte[] internalKey) {
    // size() is a volatile read of what the writer wrote after an insert's filter bits: the bits of
    // every insert finished before this call are seen.
    if (map.size() == 0 || !filter.mayContain(internalKey)) {
      return null;
    }
    return map.find(internalKey);
  }

  /** Entries with {@code from <= key < to} in key order; null bounds are open. */
  Iterator<? extends Map.Entry<byte[], byte[]>> range(byte[] from, byte[] to) {
    if (from != null && to != null && Bytes.compare(from, to) >= 0) {
      return Collections.emptyIterator(); // an empty or inverted range holds nothing
    }
    return map.iterator(from, to);
  }

  /** Every entry in key order, as nodes: a flush reads their bytes in place. */
  Iterable<SkipList.Node> entries() {
    return () -> map.iterator(null, null);
  }

  long approximateBytes() {
    return bytes.get();
  }

  int size() {
    return map.size();
  }

  boolean isEmpty() {
    return map.size() == 0;
  }

  long lastIndex() {
    return lastIndex;
  }

  long lastSequence() {
    return lastSequence;
  }

  void markApplied(long index, long sequence) {
    this.lastIndex = index;
    this.lastSequence = sequence;
  }
}
