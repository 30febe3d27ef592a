package com.blockdb.engine.impl;

import com.blockdb.engine.util.Bytes;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sorted in-memory table of recent entries (internal key → stored value). Concurrent: the commit
 * thread inserts while any thread reads. Becomes immutable when frozen for flushing.
 */
final class Memtable {

  /** Rough per-entry overhead of the skip list, counted so the size limit bounds real memory. */
  private static final int ENTRY_OVERHEAD = 64;

  private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(Bytes.ORDER);
  private final AtomicLong bytes = new AtomicLong();
  /** Whether any key {@code lo <= key <= hi} is stored (one skip-list search, for batch checks). */
  boolean anyInRange(byte[] lo, byte[] hi) {
    byte[] k = map.ceilingKey(lo);
    return k != null && Bytes.compare(k, hi) <= 0;
  }

  /** Index of the last commit record applied into this memtable. */
  private volatile long lastIndex;
  /** Sequence of the last entry applied into this memtable. */
  private volatile long lastSequence;

  void put(byte[] internalKey, byte[] stored) {
    map.put(internalKey, stored);
    bytes.addAndGet(internalKey.length + stored.length + ENTRY_OVERHEAD);
  }

  byte[] get(byte[] internalKey) {
    return map.get(internalKey);
  }

  boolean contains(byte[] internalKey) {
    return map.containsKey(internalKey);
  }

  /** Entries with {@code from <= key < to}; null bounds are open. */
  Map<byte[], byte[]> range(byte[] from, byte[] to) {
    if (from == null && to == null) {
      return map;
    }
    if (from == null) {
      return map.headMap(to, false);
    }
    if (to == null) {
      return map.tailMap(from, true);
    }
    if (Bytes.compare(from, to) >= 0) {
      return java.util.Collections.emptyMap(); // an empty or inverted range holds nothing
    }
    return map.subMap(from, true, to, false);
  }

  long approximateBytes() {
    return bytes.get();
  }

  int size() {
    return map.size();
  }

  boolean isEmpty() {
    return map.isEmpty();
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
