package com.blockdb.jdbc.calcite;

import com.blockdb.engine.Entry;
import com.blockdb.engine.EntryIterator;
import com.blockdb.engine.util.Bytes;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/**
 * An open transaction's own uncommitted rows as entries merged into a table scan, so that the
 * transaction reads its inserts on top of its snapshot. Pending entries carry sequence 0 (no
 * committed entry has it), which the system columns show as NULL.
 */
final class PendingRows {
  private PendingRows() {}

  static Entry entry(int table, byte[] key, byte[] value, String principal) {
    return new Entry(table, key, value, 0, 0, principal);
  }

  static boolean isPending(Entry e) {
    return e.sequence() == 0;
  }

  /** The pending rows with {@code from <= key < to} (null bounds are open). */
  static NavigableMap<byte[], byte[]> slice(NavigableMap<byte[], byte[]> pending, byte[] from, byte[] to) {
    if (from != null && to != null) {
      return Bytes.compare(from, to) >= 0 ? pending.subMap(from, true, from, false) : pending.subMap(from, true, to, false);
    }
    if (from != null) {
      return pending.tailMap(from, true);
    }
    return to != null ? pending.headMap(to, false) : pending;
  }

  /**
   * Stored entries and pending rows in one key order. A key is never in both: the transaction
   * holds its lock and checked it was not stored when it inserted it.
   */
  static Iterator<Entry> merge(EntryIterator stored, NavigableMap<byte[], byte[]> pending, int table, String principal) {
    Iterator<Map.Entry<byte[], byte[]>> mine = pending.entrySet().iterator();
    return new Iterator<>() {
      private Entry nextStored = stored.hasNext() ? stored.next() : null;
      private Map.Entry<byte[], byte[]> nextMine = mine.hasNext() ? mine.next() : null;

      @Override
      public boolean hasNext() {
        return nextStored != null || nextMine != null;
      }

      @Override
      public Entry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (nextMine == null || (nextStored != null && Bytes.compare(nextStored.key(), nextMine.getKey()) < 0)) {
          Entry e = nextStored;
          nextStored = stored.hasNext() ? stored.next() : null;
          return e;
        }
        Entry e = entry(table, nextMine.getKey(), nextMine.getValue(), principal);
        nextMine = mine.hasNext() ? mine.next() : null;
        return e;
      }
    };
  }
}
